import type { NoticeChannel } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';

/** What operators see of notices that did not go, and of the work still waiting. */
export interface FailureReport {
  since: string;
  /** Failed notices settled since `since`, by channel and why. */
  counts: Array<{ channel: NoticeChannel; failure: string; count: number }>;
  /** Notices waiting now: queued (some until the morning), or in a dispatcher's hands. */
  waiting: Array<{ channel: NoticeChannel; state: 'queued' | 'handing_over'; count: number }>;
  /** The failed notices themselves, newest first, up to the limit asked for. */
  failed: Array<{
    noticeId: string;
    mailboxId: string;
    channel: NoticeChannel;
    reason: string;
    failure: string;
    attempts: number;
    failedAt: string;
  }>;
}

const countsSince = (db: SqlExecutor, since: Date) =>
  db.query<{ channel: NoticeChannel; failure: string; count: string }>(
    `select channel, coalesce(failure, 'unknown') as failure, count(*)::text as count
       from notification.notices where state = 'failed' and settled_at >= $1
      group by 1, 2 order by 1, 2`,
    [since],
  );

// Each state's partial index answers its count without reading settled notices.
const waitingNow = (db: SqlExecutor) =>
  db.query<{ channel: NoticeChannel; state: 'queued' | 'handing_over'; count: string }>(
    `select channel, state, count(*)::text as count from notification.notices
      where state = 'queued' group by 1, 2
     union all
     select channel, state, count(*)::text from notification.notices
      where state = 'handing_over' group by 1, 2
     order by 1, 2`,
  );

const failedSince = (db: SqlExecutor, since: Date, limit: number) =>
  db.query<{
    notice_id: string;
    mailbox_id: string;
    channel: NoticeChannel;
    reason: string;
    failure: string | null;
    attempts: number;
    settled_at: Date | string;
  }>(
    `select notice_id::text, mailbox_id, channel, reason, failure, attempts, settled_at
       from notification.notices where state = 'failed' and settled_at >= $1
      order by settled_at desc, notice_id limit $2`,
    [since, limit],
  );

/** Failures since a time, and what waits now. */
export const failureReport = async (
  db: SqlExecutor,
  since: Date,
  limit: number,
): Promise<FailureReport> => {
  const [counts, waiting, failed] = await Promise.all([
    countsSince(db, since),
    waitingNow(db),
    failedSince(db, since, limit),
  ]);
  return {
    since: since.toISOString(),
    counts: counts.map((row) => ({ ...row, count: Number(row.count) })),
    waiting: waiting.map((row) => ({ ...row, count: Number(row.count) })),
    failed: failed.map((row) => ({
      noticeId: row.notice_id,
      mailboxId: row.mailbox_id,
      channel: row.channel,
      reason: row.reason,
      failure: row.failure ?? 'unknown',
      attempts: Number(row.attempts),
      failedAt: new Date(row.settled_at).toISOString(),
    })),
  };
};
