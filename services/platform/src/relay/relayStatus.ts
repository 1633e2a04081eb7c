import type { KafkaRelay, RelayStatus } from '@digital-post/bus/kafka';
import type { Database, LogPosition } from '@digital-post/event-store';

/** The relay as the store records it, whichever process publishes: what an operator asks first. */
export interface RelayReport {
  lease: {
    holder: string;
    fence: number;
    acquiredAt: string;
    expiresAt: string;
    /** Ran out without a successor yet: the holder died or cannot reach the store. */
    expired: boolean;
  } | null;
  /** The last position on Kafka; null before anything was published. */
  checkpoint: LogPosition | null;
  /** Committed to the log, not yet on Kafka: how many, and since when. */
  unpublished: { events: number; oldestRecordedAt: string | null; ageSeconds: number | null };
  /** The relay of the process that answers, if it runs one. */
  thisProcess: RelayStatus | null;
}

interface LeaseRow {
  holder: string;
  fence: string;
  acquired_at: Date | string;
  expires_at: Date | string;
  expired: boolean;
}

interface BacklogRow {
  events: string;
  oldest: Date | string | null;
  age_seconds: number | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export const relayReport = async (
  db: Database,
  subscriptionId: string,
  categories: string[],
  relay: KafkaRelay | undefined,
): Promise<RelayReport> => {
  const [lease] = await db.query<LeaseRow>(
    `select holder, fence::text, acquired_at, expires_at, expires_at <= now() as expired
       from subscription_leases where subscription_id = $1`,
    [subscriptionId],
  );
  const [checkpoint] = await db.query<{ transaction_id: string; global_position: string }>(
    `select transaction_id::text, global_position::text from subscription_checkpoints
      where subscription_id = $1`,
    [subscriptionId],
  );
  const after = checkpoint ?? { transaction_id: '0', global_position: '0' };
  const [backlog] = await db.query<BacklogRow>(
    `select count(*)::text as events, min(recorded_at) as oldest,
            extract(epoch from now() - min(recorded_at)) as age_seconds
       from events
      where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        and stream_category = any($3::text[])`,
    [after.transaction_id, after.global_position, categories],
  );
  return {
    lease: lease
      ? {
          holder: lease.holder,
          fence: Number(lease.fence),
          acquiredAt: iso(lease.acquired_at),
          expiresAt: iso(lease.expires_at),
          expired: lease.expired,
        }
      : null,
    checkpoint: checkpoint
      ? {
          transactionId: Number(checkpoint.transaction_id),
          globalPosition: Number(checkpoint.global_position),
        }
      : null,
    unpublished: {
      events: Number(backlog?.events ?? 0),
      oldestRecordedAt: backlog?.oldest ? iso(backlog.oldest) : null,
      ageSeconds: backlog?.age_seconds == null ? null : Math.round(Number(backlog.age_seconds)),
    },
    thisProcess: relay ? relay.status() : null,
  };
};
