import { saveCheckpoint } from './checkpoints.ts';
import type { LogPosition } from './events.ts';
import type { Database, SqlExecutor } from './sql/database.ts';

/**
 * Lets several processes run one subscription (the relay to Kafka) with exactly one handling its
 * events at a time: the holder of its lease, a row in `subscription_leases`. A holder renews the
 * lease as it goes; one that dies stops renewing, and another takes it once it has run out. Every
 * grant gets the next `fence`: a holder confirms its fence inside each batch's transaction, which
 * also locks the row, so a successor can neither take over while a batch commits nor have its
 * checkpoint overwritten by the one it replaced.
 */
export interface LeaseOptions {
  /** Names this process among the candidates, for operators (host and process id, say). */
  holder: string;
  /** How long a grant lasts unrenewed: a dead holder is replaced after about this long. */
  ttlMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 6_000;

/** The holder's grant was ended: taken by another after it ran out, or by an operator's rewind. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

export const leaseSchemaStatements = [
  `create table if not exists subscription_leases (
  subscription_id text primary key,
  holder text not null,
  fence bigint not null,
  acquired_at timestamptz not null default now(),
  expires_at timestamptz not null
)`,
];

/** The new grant's fence, or undefined while another holds an unexpired one. */
export const acquireLease = async (
  db: SqlExecutor,
  subscriptionId: string,
  holder: string,
  ttlMs: number,
): Promise<number | undefined> => {
  const rows = await db.query<{ fence: string }>(
    `insert into subscription_leases (subscription_id, holder, fence, expires_at)
     values ($1, $2, 1, now() + $3 * interval '1 millisecond')
     on conflict (subscription_id) do update
       set holder = excluded.holder, fence = subscription_leases.fence + 1,
           acquired_at = now(), expires_at = excluded.expires_at
       where subscription_leases.expires_at <= now()
     returning fence`,
    [subscriptionId, holder, ttlMs],
  );
  return rows[0] ? Number(rows[0].fence) : undefined;
};

/**
 * Extends the grant with this fence, and locks its row until `db`'s transaction ends. False when
 * the grant is no longer this one's. An expired grant that nobody took is still this one's.
 */
export const renewLease = async (
  db: SqlExecutor,
  subscriptionId: string,
  fence: number,
  ttlMs: number,
): Promise<boolean> => {
  const rows = await db.query(
    `update subscription_leases set expires_at = now() + $3 * interval '1 millisecond'
      where subscription_id = $1 and fence = $2 returning fence`,
    [subscriptionId, fence, ttlMs],
  );
  return rows.length > 0;
};

/** Ends the grant at once, so a successor need not wait for it to run out (a clean stop). */
export const releaseLease = async (
  db: SqlExecutor,
  subscriptionId: string,
  fence: number,
): Promise<void> => {
  await db.query(
    `update subscription_leases set expires_at = now() where subscription_id = $1 and fence = $2`,
    [subscriptionId, fence],
  );
};

/**
 * Moves a leased subscription's checkpoint back (or on) to `to`: its holder finds its grant ended
 * at its next batch, takes the lease again and reads on from there. For an operator who must
 * publish the log again (a Kafka cluster restored without its data).
 */
export const rewindSubscription = (
  db: Database,
  subscriptionId: string,
  to: LogPosition,
  /** Runs in the same transaction: what records the order (an event, say). */
  recordIn?: (tx: SqlExecutor) => Promise<unknown>,
): Promise<void> =>
  db.transaction(async (tx) => {
    // The lease first: once its row is locked, no batch of the holder can commit after us.
    await tx.query(
      `update subscription_leases set fence = fence + 1, expires_at = now()
        where subscription_id = $1`,
      [subscriptionId],
    );
    await saveCheckpoint(tx, subscriptionId, to);
    await recordIn?.(tx);
  });

/**
 * The log position just before the first event at or after `globalPosition` in log order, so a
 * subscription set there handles every event from that position on (and perhaps a few before
 * it, committed by the same transactions: handling again is safe, skipping is not).
 */
export const positionBefore = async (
  db: SqlExecutor,
  globalPosition: number,
): Promise<LogPosition | undefined> => {
  const rows = await db.query<{ first_transaction: string | null }>(
    `select min(transaction_id)::text as first_transaction from events
      where global_position >= $1`,
    [globalPosition],
  );
  const first = rows[0]?.first_transaction;
  if (first === null || first === undefined) return undefined;
  return { transactionId: Number(first) - 1, globalPosition: globalPosition - 1 };
};

/** One process's hold on a subscription's lease, as the subscription's loop goes round. */
export class LeaseKeeper {
  private fence: number | undefined;
  private renewedAt = 0;
  private readonly ttlMs: number;
  /** Often enough that two renewals can fail before the grant runs out. */
  readonly renewEveryMs: number;

  constructor(
    private readonly db: Database,
    private readonly subscriptionId: string,
    private readonly options: LeaseOptions,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewEveryMs = Math.max(1, Math.floor(this.ttlMs / 3));
  }

  get held(): boolean {
    return this.fence !== undefined;
  }

  /** Takes the lease, or keeps it; false while another holds it. */
  async hold(): Promise<boolean> {
    if (this.fence === undefined) {
      const { subscriptionId, options, ttlMs } = this;
      this.fence = await acquireLease(this.db, subscriptionId, options.holder, ttlMs);
      if (this.fence !== undefined) this.renewedAt = Date.now();
      return this.held;
    }
    if (Date.now() - this.renewedAt < this.renewEveryMs) return true;
    return this.renew(this.db);
  }

  /** Inside a batch's transaction, before anything else: renews and locks, or throws LeaseLost. */
  async confirm(tx: SqlExecutor): Promise<void> {
    if (!(await this.renew(tx))) {
      throw new LeaseLost(`the lease of ${this.subscriptionId} went to another holder`);
    }
  }

  async release(): Promise<void> {
    const fence = this.fence;
    this.fence = undefined;
    if (fence !== undefined) await releaseLease(this.db, this.subscriptionId, fence);
  }

  private async renew(db: SqlExecutor): Promise<boolean> {
    const fence = this.fence;
    const renewed =
      fence !== undefined && (await renewLease(db, this.subscriptionId, fence, this.ttlMs));
    if (renewed) this.renewedAt = Date.now();
    else this.fence = undefined;
    return renewed;
  }
}
