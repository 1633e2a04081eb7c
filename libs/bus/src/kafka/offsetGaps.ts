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
 * handled batch saves its last offset, wanted events in it or not: so a batch may begin at or
 * before the next offset (a redelivery), never beyond it. A group with nothing saved yet starts
 * wherever the partition begins. Locks the saved row for the rest of the transaction.
 */
export const assertFollows = async (
  tx: SqlExecutor,
  groupId: string,
  source: string,
  first: string,
): Promise<void> => {
  const [saved] = await tx.query<{ checkpoint: string }>(
    `select checkpoint from bus_checkpoints where consumer_group = $1 and source = $2 for update`,
    [groupId, source],
  );
  if (!saved) return;
  const next = BigInt(saved.checkpoint) + 1n;
  if (BigInt(first) > next) throw new OffsetGap(source, next, BigInt(first) - 1n);
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
