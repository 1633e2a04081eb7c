import type { NoticeQueued } from '@digital-post/contracts';
import type { EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import { noticeStreamOf } from './streams.ts';

/**
 * Notices into the outbox, each its row and its `NoticeQueued` (a stream of its own), in the
 * caller's transaction: whatever queues them commits them and their events together.
 */
export const queueNotices = async (
  store: Pick<EventStore, 'appendToStreams'>,
  tx: SqlExecutor,
  notices: ReadonlyArray<NoticeQueued & { openUntil?: string }>,
): Promise<void> => {
  if (notices.length === 0) return;
  await tx.query(
    `insert into notification.notices
       (notice_id, mailbox_id, channel, reason, message_ids, sender_ids, next_try_at, queued_at)
     select n.id::uuid, n.mailbox_id, n.channel, n.reason,
            array(select jsonb_array_elements_text(n.message_ids)),
            array(select jsonb_array_elements_text(n.sender_ids)),
            n.not_before::timestamptz, n.queued_at::timestamptz
       from jsonb_to_recordset($1::jsonb) as n(id text, mailbox_id text, channel text,
            reason text, message_ids jsonb, sender_ids jsonb, not_before text, queued_at text)`,
    [
      JSON.stringify(
        notices.map((notice) => ({
          id: notice.noticeId,
          mailbox_id: notice.mailboxId,
          channel: notice.channel,
          reason: notice.reason,
          message_ids: notice.messageIds,
          sender_ids: notice.senderIds,
          not_before: notice.notBefore,
          queued_at: notice.queuedAt,
        })),
      ),
    ],
  );
  await store.appendToStreams(
    notices.map(({ openUntil: _window, ...data }) => ({
      streamId: noticeStreamOf(data.noticeId),
      events: [checkedEvent({ type: 'NoticeQueued', data })],
      expectedVersion: 'no_stream' as const,
    })),
    { tx },
  );
};
