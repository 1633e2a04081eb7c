import { lagOnLog } from '@digital-post/bus';
import { RELAY_SUBSCRIPTION, type KafkaRelay, type RelayStatus } from '@digital-post/bus/kafka';
import type { Database, LogPosition } from '@digital-post/event-store';
import { backlogOf, type Backlog } from '../backlog.ts';

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
  unpublished: Backlog;
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

const iso = (value: Date | string) => new Date(value).toISOString();

/** What waits to be published: the relay is a subscription to the log like any other. */
export const unpublished = async (db: Database, categories: string[]): Promise<Backlog> =>
  backlogOf(
    await lagOnLog(db, RELAY_SUBSCRIPTION, { groupId: RELAY_SUBSCRIPTION, categories }),
    Date.now(),
  );

const leaseOf = async (db: Database): Promise<RelayReport['lease']> => {
  const [lease] = await db.query<LeaseRow>(
    `select holder, fence::text, acquired_at, expires_at, expires_at <= now() as expired
       from subscription_leases where subscription_id = $1`,
    [RELAY_SUBSCRIPTION],
  );
  if (!lease) return null;
  return {
    holder: lease.holder,
    fence: Number(lease.fence),
    acquiredAt: iso(lease.acquired_at),
    expiresAt: iso(lease.expires_at),
    expired: lease.expired,
  };
};

const checkpointOf = async (db: Database): Promise<LogPosition | null> => {
  const [checkpoint] = await db.query<{ transaction_id: string; global_position: string }>(
    `select transaction_id::text, global_position::text from subscription_checkpoints
      where subscription_id = $1`,
    [RELAY_SUBSCRIPTION],
  );
  if (!checkpoint) return null;
  return {
    transactionId: Number(checkpoint.transaction_id),
    globalPosition: Number(checkpoint.global_position),
  };
};

export const relayReport = async (
  db: Database,
  categories: string[],
  relay: KafkaRelay | undefined,
): Promise<RelayReport> => ({
  lease: await leaseOf(db),
  checkpoint: await checkpointOf(db),
  unpublished: await unpublished(db, categories),
  thisProcess: relay ? relay.status() : null,
});
