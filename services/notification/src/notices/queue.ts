import type { NoticeQueued } from '@digital-post/contracts';
import type { EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import { sendableFrom, type QuietPeriod } from './quietHours.ts';
import { noticeStreamOf } from './streams.ts';

/** An SMS due in the quiet period waits for its end; an e-mail goes when it is due. */
const heldOverNight = <N extends NoticeQueued>(notice: N, quiet: QuietPeriod): N =>
  notice.channel === 'sms'
    ? { ...notice, notBefore: sendableFrom(new Date(notice.notBefore), quiet).toISOString() }
    : notice;

/** A notice to queue: its event's data, and what the outbox keeps beside it. */
export type NoticeToQueue = NoticeQueued & {
  /** Until when letters to the mailbox join it (new post). */
  openUntil?: string;
  /** Each named letter's sender ('' for none), in the order of `messageIds`. */
  letterSenders: string[];
};

/**
 * Notices into the outbox, each its row and its `NoticeQueued` (a stream of its own), in the
 * caller's transaction: whatever queues them commits them and their events together.
 */
export const queueNotices = async (
  store: Pick<EventStore, 'appendToStreams'>,
  tx: SqlExecutor,
  due: readonly NoticeToQueue[],
  quiet: QuietPeriod,
): Promise<void> => {
  if (due.length === 0) return;
  const notices = due.map((notice) => heldOverNight(notice, quiet));
  await tx.query(
    `insert into notification.notices
       (notice_id, mailbox_id, channel, reason, message_ids, sender_ids, letter_senders,
        next_try_at, queued_at)
     select n.id::uuid, n.mailbox_id, n.channel, n.reason,
            array(select jsonb_array_elements_text(n.message_ids)),
            array(select jsonb_array_elements_text(n.sender_ids)),
            array(select jsonb_array_elements_text(n.letter_senders)),
            n.not_before::timestamptz, n.queued_at::timestamptz
       from jsonb_to_recordset($1::jsonb) as n(id text, mailbox_id text, channel text,
            reason text, message_ids jsonb, sender_ids jsonb, letter_senders jsonb,
            not_before text, queued_at text)`,
    [
      JSON.stringify(
        notices.map((notice) => ({
          id: notice.noticeId,
          mailbox_id: notice.mailboxId,
          channel: notice.channel,
          reason: notice.reason,
          message_ids: notice.messageIds,
          sender_ids: notice.senderIds,
          letter_senders: notice.letterSenders,
          not_before: notice.notBefore,
          queued_at: notice.queuedAt,
        })),
      ),
    ],
  );
  await store.appendToStreams(
    notices.map(({ openUntil: _window, letterSenders: _senders, ...data }) => ({
      streamId: noticeStreamOf(data.noticeId),
      events: [checkedEvent({ type: 'NoticeQueued', data })],
      expectedVersion: 'no_stream' as const,
    })),
    { tx },
  );
};
