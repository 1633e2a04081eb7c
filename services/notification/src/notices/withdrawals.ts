import type { MessageWithdrawn, NoticeChannel, NoticeCancelled } from '@digital-post/contracts';
import type { EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { latestDataOf } from '@digital-post/service-kit';
import { appendCancelled, endReminders, type ReminderEnd } from './reminders.ts';

export const withdrawalOf = (event: RecordedEvent): ReminderEnd[] => {
  if (event.type !== 'MessageWithdrawn') return [];
  const { mailboxId, messageId, withdrawnAt } = latestDataOf<MessageWithdrawn>(event);
  return [{ mailboxId, messageId, at: withdrawnAt }];
};

interface WaitingRow {
  notice_id: string;
  mailbox_id: string;
  channel: NoticeChannel;
  message_ids: string[];
  sender_ids: string[];
  letter_senders: string[] | null;
}

/** What stays of a waiting notice once the withdrawn letters are out of it. */
const remainderOf = (row: WaitingRow, gone: ReadonlySet<string>) => {
  const kept = row.message_ids
    .map((messageId, index) => ({ messageId, sender: row.letter_senders?.[index] }))
    .filter(({ messageId }) => !gone.has(`${row.mailbox_id} ${messageId}`));
  // Senders are named only where each letter's is known (notices queued since it is kept).
  const senderIds = row.letter_senders
    ? [...new Set(kept.map(({ sender }) => sender).filter((sender): sender is string => !!sender))]
    : row.sender_ids;
  return {
    messageIds: kept.map(({ messageId }) => messageId),
    letterSenders: row.letter_senders ? kept.map(({ sender }) => sender ?? '') : null,
    senderIds,
  };
};

/**
 * Letters withdrawn from mailboxes that should not have had them (a repaired misrouting): their
 * reminders end, and every new-post notice still waiting to go drops them (and their senders'
 * names); one left naming nothing is cancelled, and its window closed, so the next letter to
 * that mailbox opens a notice of its own. A notice already sent stays as it went: the incident's
 * reconstruction lists it.
 */
export const forgetWithdrawn = async (
  store: Pick<EventStore, 'appendToStreams'>,
  tx: SqlExecutor,
  withdrawals: readonly ReminderEnd[],
): Promise<void> => {
  if (withdrawals.length === 0) return;
  await endReminders(store, tx, withdrawals, 'withdrawn');
  const rows = await tx.query<WaitingRow>(
    `select notice_id::text, mailbox_id, channel, message_ids, sender_ids, letter_senders
       from notification.notices
      where state = 'queued' and reason = 'new_post'
        and mailbox_id = any($1::text[]) and message_ids && $2::text[]
      for update`,
    [withdrawals.map((w) => w.mailboxId), withdrawals.map((w) => w.messageId)],
  );
  const gone = new Set(withdrawals.map((w) => `${w.mailboxId} ${w.messageId}`));
  const at = new Map(withdrawals.map((w) => [w.mailboxId, w.at]));
  const cancelled: NoticeCancelled[] = [];
  for (const row of rows) {
    const rest = remainderOf(row, gone);
    if (rest.messageIds.length === row.message_ids.length) continue;
    if (rest.messageIds.length > 0) {
      await tx.query(
        `update notification.notices
            set message_ids = $2, sender_ids = $3, letter_senders = $4 where notice_id = $1`,
        [row.notice_id, rest.messageIds, rest.senderIds, rest.letterSenders],
      );
      continue;
    }
    await tx.query(`update notification.notices set state = 'cancelled' where notice_id = $1`, [
      row.notice_id,
    ]);
    await tx.query('delete from notification.windows where notice_id = $1', [row.notice_id]);
    const { notice_id: noticeId, mailbox_id: mailboxId, channel, message_ids: messageIds } = row;
    cancelled.push({
      ...{ noticeId, mailboxId, channel, messageIds },
      cancelledAt: at.get(mailboxId)!,
      cause: 'withdrawn',
    });
  }
  await appendCancelled(store, tx, cancelled);
};
