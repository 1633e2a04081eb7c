import type { SqlExecutor } from '@digital-post/event-store';

/**
 * Offsets of a partition that a consumer came to after they were gone: the partition's retention
 * dropped them while the group was behind, and Kafka's fetch resumed at the oldest it still held.
 * Those events were never handled, so the consumer must not move past them as if they had been.
 */
export class OffsetGap extends Error {
  constructor(
    readonly source: string,
    readonly from: bigint,
    readonly to: bigint,
  ) {
    super(`${source}: offsets ${from} to ${to} were gone before this consumer read them`);
    this.name = 'OffsetGap';
  }
}

/**
 * Throws an `OffsetGap` unless a batch beginning at `first` follows what the group has done on
 * `source`. A topic's offsets run without holes (not compacted, no transactions), and every
 * handled batch saves its last offset, wanted events in it or not (`saveFollowed`): so a batch
 * may begin at or before the next offset (a redelivery), never beyond it. A group with nothing
 * saved yet starts wherever the partition begins, and one whose offset was saved by an older
 * release (which skipped batches of unwanted events) is trusted once. Locks the saved row for
 * the rest of the transaction.
 */
export const assertFollows = async (
  tx: SqlExecutor,
  groupId: string,
  source: string,
  first: string,
): Promise<void> => {
  const [saved] = await tx.query<{ checkpoint: string; follows: boolean }>(
    `select checkpoint, follows from bus_checkpoints
      where consumer_group = $1 and source = $2 for update`,
    [groupId, source],
  );
  if (!saved?.follows) return;
  const next = BigInt(saved.checkpoint) + 1n;
  if (BigInt(first) > next) throw new OffsetGap(source, next, BigInt(first) - 1n);
};

/** Saves a handled batch's last offset, for the next batch to follow. */
export const saveFollowed = async (
  tx: SqlExecutor,
  groupId: string,
  source: string,
  last: string,
): Promise<void> => {
  await tx.query(
    `insert into bus_checkpoints (consumer_group, source, checkpoint, follows)
     values ($1, $2, $3, true)
     on conflict (consumer_group, source)
     do update set checkpoint = excluded.checkpoint, follows = true, updated_at = now()`,
    [groupId, source, last],
  );
};

/** The gaps one consumer found, by partition; while any is known, the consumer is stalled. */
export class FoundGaps {
  private readonly bySource = new Map<string, OffsetGap>();

  found(gap: OffsetGap): void {
    this.bySource.set(gap.source, gap);
  }

  /** Every gap in one sentence, or undefined when there is none. */
  describe(): string | undefined {
    if (this.bySource.size === 0) return undefined;
    return [...this.bySource.values()].map((gap) => gap.message).join('; ');
  }
}
