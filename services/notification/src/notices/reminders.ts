import { randomUUID } from 'node:crypto';
import type { NoticeCancelled, NoticeChannel, NoticeQueued } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import { channelsOf } from './channels.ts';
import { queueNotices } from './queue.ts';
import type { QuietPeriod } from './quietHours.ts';
import { noticeStreamOf } from './streams.ts';

/** How long a legal notification may lie unopened before its reminder, unless configured. */
export const DEFAULT_REMINDER_AFTER_MS = 7 * 24 * 3_600_000;

export interface LegalArrival {
  messageId: string;
  mailboxId: string;
  senderId: string | null;
  deliveredAt: string;
}

/** Each legal notification delivered gets its reminder, due `afterMs` after its delivery. */
export const rememberLegalNotifications = async (
  tx: SqlExecutor,
  arrivals: readonly LegalArrival[],
  afterMs: number,
): Promise<void> => {
  if (arrivals.length === 0) return;
  await tx.query(
    `insert into notification.reminders (mailbox_id, message_id, sender_id, due_at)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
     on conflict do nothing`,
    [
      arrivals.map((arrival) => arrival.mailboxId),
      arrivals.map((arrival) => arrival.messageId),
      arrivals.map((arrival) => arrival.senderId),
      arrivals.map((arrival) => new Date(Date.parse(arrival.deliveredAt) + afterMs).toISOString()),
    ],
  );
};

export interface Open {
  mailboxId: string;
  messageId: string;
  openedAt: string;
}

interface CancelledRow {
  notice_id: string;
  mailbox_id: string;
  channel: NoticeChannel;
  message_ids: string[];
}

/**
 * An open in any viewing client ends the letter's reminder: one not due yet never comes, and one
 * queued but not yet in a provider's hands is cancelled (`NoticeCancelled`). Both updates take
 * the rows' locks, so an open and a reminder falling due at once settle one way or the other.
 */
export const cancelOnOpen = async (
  store: Pick<EventStore, 'appendToStreams'>,
  tx: SqlExecutor,
  opens: readonly Open[],
): Promise<void> => {
  if (opens.length === 0) return;
  const rows = await tx.query<CancelledRow>(
    `with ended as (
       update notification.reminders r set state = 'cancelled'
         from unnest($1::text[], $2::text[]) as o(mailbox_id, message_id)
        where r.mailbox_id = o.mailbox_id and r.message_id = o.message_id
          and r.state in ('pending', 'queued')
        returning r.notice_ids)
     update notification.notices n set state = 'cancelled'
       from ended where n.notice_id = any(ended.notice_ids) and n.state = 'queued'
     returning n.notice_id::text, n.mailbox_id, n.channel, n.message_ids`,
    [opens.map((open) => open.mailboxId), opens.map((open) => open.messageId)],
  );
  if (rows.length === 0) return;
  // Each reminder notice names its one letter: cancelled at that letter's open.
  const openedAt = new Map(
    opens.map((open) => [`${open.mailboxId} ${open.messageId}`, open.openedAt]),
  );
  await store.appendToStreams(
    rows.map((row) => {
      const data: NoticeCancelled = {
        noticeId: row.notice_id,
        mailboxId: row.mailbox_id,
        channel: row.channel,
        messageIds: row.message_ids,
        cancelledAt: openedAt.get(`${row.mailbox_id} ${row.message_ids[0]}`)!,
      };
      return {
        streamId: noticeStreamOf(row.notice_id),
        events: [checkedEvent({ type: 'NoticeCancelled', data })],
      };
    }),
    { tx },
  );
};

interface DueRow {
  mailbox_id: string;
  message_id: string;
  sender_id: string | null;
}

/**
 * Reminders due now, a batch in one transaction: a reminder notice on each channel the owner has
 * now (none without details), and the reminder marked queued with its notices, so an open can
 * still cancel them until a dispatcher takes them.
 */
export const queueDueReminders = (
  deps: { db: Database; store: Pick<EventStore, 'appendToStreams'>; quiet: QuietPeriod },
  now: Date,
  limit: number,
): Promise<number> =>
  deps.db.transaction(async (tx) => {
    const due = await tx.query<DueRow>(
      `select mailbox_id, message_id, sender_id from notification.reminders
        where state = 'pending' and due_at <= $1 order by due_at limit $2
        for update skip locked`,
      [now, limit],
    );
    if (due.length === 0) return 0;
    const channels = await channelsOf(tx, [...new Set(due.map((row) => row.mailbox_id))]);
    const at = now.toISOString();
    const byReminder = due.map((row) => ({
      row,
      notices: (channels.get(row.mailbox_id) ?? []).map((channel): NoticeQueued => ({
        noticeId: randomUUID(),
        mailboxId: row.mailbox_id,
        channel,
        messageIds: [row.message_id],
        reason: 'reminder',
        senderIds: row.sender_id ? [row.sender_id] : [],
        queuedAt: at,
        notBefore: at,
      })),
    }));
    const notices = byReminder.flatMap((reminder) => reminder.notices);
    await queueNotices(deps.store, tx, notices, deps.quiet);
    await tx.query(
      `update notification.reminders r set state = 'queued', notice_ids = q.notice_ids::uuid[]
         from jsonb_to_recordset($1::jsonb) as q(mailbox_id text, message_id text, notice_ids text[])
        where r.mailbox_id = q.mailbox_id and r.message_id = q.message_id`,
      [
        JSON.stringify(
          byReminder.map(({ row, notices }) => ({
            mailbox_id: row.mailbox_id,
            message_id: row.message_id,
            notice_ids: notices.map((notice) => notice.noticeId),
          })),
        ),
      ],
    );
    return due.length;
  });
