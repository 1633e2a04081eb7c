import type { NoticeSent } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { checkedEvent } from '@digital-post/service-kit';
import { noticeStreamOf } from '../notices/streams.ts';
import type { OutboxNotice } from './outbox.ts';

export interface SentRecordsDeps {
  db: Database;
  store: Pick<EventStore, 'appendToStreams'>;
  now: () => Date;
}

/** The notices still in hand settled as sent, and their working addresses no longer failing. */
const settleSent = async (
  tx: SqlExecutor,
  notices: readonly OutboxNotice[],
  at: Date,
): Promise<Set<string>> => {
  const rows = await tx.query<{ notice_id: string; mailbox_id: string; channel: string }>(
    `update notification.notices
        set state = 'sent', claimed_until = null, settled_at = $2, failure = null
      where notice_id = any($1::uuid[]) and state = 'handing_over'
      returning notice_id::text, mailbox_id, channel`,
    [notices.map((notice) => notice.noticeId), at],
  );
  await tx.query(
    `delete from notification.failing f
      using unnest($1::text[], $2::text[]) as sent(mailbox_id, channel)
      where f.mailbox_id = sent.mailbox_id and f.channel = sent.channel`,
    [rows.map((row) => row.mailbox_id), rows.map((row) => row.channel)],
  );
  return new Set(rows.map((row) => row.notice_id));
};

/** A group of notices a provider took: settled and each `NoticeSent`, in one transaction. */
const recordGroup = (deps: SentRecordsDeps, notices: readonly OutboxNotice[]) =>
  deps.db.transaction(async (tx) => {
    const at = deps.now();
    const settled = await settleSent(tx, notices, at);
    const appends = notices
      .filter((notice) => settled.has(notice.noticeId))
      .map(({ noticeId, mailboxId, channel, messageIds, attempts }) => {
        const data: NoticeSent = {
          ...{ noticeId, mailboxId, channel, messageIds, attempts },
          sentAt: at.toISOString(),
        };
        const event = checkedEvent({ type: 'NoticeSent', data });
        return { streamId: noticeStreamOf(noticeId), events: [event] };
      });
    if (appends.length > 0) await deps.store.appendToStreams(appends, { tx });
  });

interface Waiting {
  notice: OutboxNotice;
  done: { resolve(): void; reject(error: unknown): void };
}

/**
 * Notices the providers took, recorded in groups: those answered while a group is being written
 * go together in the next, in one transaction, instead of a transaction each (a round hands many
 * side by side). A notice is recorded before its `record` resolves; a crash before that leaves it
 * in hand, as a crash between a provider's answer and a notice's own record would.
 */
export const sentRecorder = (deps: SentRecordsDeps) => {
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;
  const writeAll = async () => {
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      await recordGroup(
        deps,
        group.map((entry) => entry.notice),
      ).then(
        () => group.forEach((entry) => entry.done.resolve()),
        (error: unknown) => group.forEach((entry) => entry.done.reject(error)),
      );
    }
    writing = undefined;
  };
  return {
    record: (notice: OutboxNotice): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ notice, done: { resolve, reject } });
        writing ??= writeAll();
      }),
  };
};
