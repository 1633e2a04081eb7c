import { randomUUID } from 'node:crypto';
import type { NoticeCancelled, NoticeChannel } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import { channelsOf } from './channels.ts';
import { queueNotices, type NoticeToQueue } from './queue.ts';
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

/** A letter whose reminder ends: opened, or withdrawn from the mailbox. */
export interface ReminderEnd {
  mailboxId: string;
  messageId: string;
  at: string;
}

interface CancelledRow {
  notice_id: string;
  mailbox_id: string;
  channel: NoticeChannel;
  message_ids: string[];
}

/**
 * An open in any viewing client, or the letter's withdrawal, ends its reminder: one not due yet
 * never comes, and one queued but not yet in a provider's hands is cancelled
 * (`NoticeCancelled`). Both updates take the rows' locks, so an end and a reminder falling due
 * at once settle one way or the other.
 */
export const endReminders = async (
  store: Pick<EventStore, 'appendToStreams'>,
  tx: SqlExecutor,
  ends: readonly ReminderEnd[],
  cause: NoticeCancelled['cause'],
): Promise<void> => {
  if (ends.length === 0) return;
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
    [ends.map((end) => end.mailboxId), ends.map((end) => end.messageId)],
  );
  // Each reminder notice names its one letter: cancelled at that letter's end.
  const endedAt = new Map(ends.map((end) => [`${end.mailboxId} ${end.messageId}`, end.at]));
  await appendCancelled(
    store,
    tx,
    rows.map((row) => ({
      noticeId: row.notice_id,
      mailboxId: row.mailbox_id,
      channel: row.channel,
      messageIds: row.message_ids,
      cancelledAt: endedAt.get(`${row.mailbox_id} ${row.message_ids[0]}`)!,
      cause,
    })),
  );
};

/** Each cancelled notice's `NoticeCancelled`, on its own stream. */
export const appendCancelled = async (
  store: Pick<EventStore, 'appendToStreams'>,
  tx: SqlExecutor,
  cancelled: readonly NoticeCancelled[],
): Promise<void> => {
  if (cancelled.length === 0) return;
  await store.appendToStreams(
    cancelled.map((data) => ({
      streamId: noticeStreamOf(data.noticeId),
      events: [checkedEvent({ type: 'NoticeCancelled', schemaVersion: 2, data })],
    })),
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
      notices: (channels.get(row.mailbox_id) ?? []).map((channel): NoticeToQueue => ({
        noticeId: randomUUID(),
        mailboxId: row.mailbox_id,
        channel,
        messageIds: [row.message_id],
        reason: 'reminder',
        senderIds: row.sender_id ? [row.sender_id] : [],
        letterSenders: [row.sender_id ?? ''],
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
