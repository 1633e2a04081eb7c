import { withEventIds } from './eventId.ts';
import { assertExpectedVersion, type ExpectedVersion } from './errors.ts';
import type { NewEvent, RecordedEvent } from './events.ts';
import type { AppendResult, EventStore, ReadStreamOptions, StreamAppend } from './eventStore.ts';
import type { SqlExecutor } from './sql/database.ts';

type Store = Pick<EventStore, 'append' | 'appendToStreams' | 'readStream' | 'readStreams'>;

/** What a batch's work may ask of it beyond reading and appending through the store. */
export interface StoreBatch {
  /** Reads these streams now, in one query, for the commands to come. */
  prefetch(streamIds: readonly string[]): Promise<void>;
  /**
   * Runs `work` once the batch's work is done, just before its events are written, in the
   * batch's transaction: e.g. read models kept for the whole batch at once. In the order given.
   */
  beforeWrite(work: () => Promise<void>): void;
}

/**
 * The store for a consumer that handles events in batches. Inside `inBatch(tx, …)`, reads and
 * appends made with that `tx` go through the batch: a stream is read once (many at a time with
 * `prefetch`) and kept, and appends are checked against what was read, kept, and written
 * together by one `appendToStreams` as the batch ends. A command later in the batch sees what an
 * earlier one appended. Should another writer have appended to one of the streams meanwhile, the
 * final append fails on its expected version, and the transaction with it: the consumer gets the
 * batch again and decides from fresh reads. Outside a batch it is the store as it is.
 *
 * Events appended in a batch have no log position until it is written: the results of its
 * appends carry position 0.
 */
export interface BatchingStore extends Store {
  inBatch<T>(tx: SqlExecutor, work: (batch: StoreBatch) => Promise<T>): Promise<T>;
  /** The batch running in `tx`, if one is. */
  batchOf(tx: SqlExecutor | undefined): StoreBatch | undefined;
}

export const batchingStore = (store: Store): BatchingStore => {
  const batches = new WeakMap<SqlExecutor, PendingBatch>();
  const batchOf = (tx: SqlExecutor | undefined) => (tx ? batches.get(tx) : undefined);
  return {
    append: (streamId, events, options) =>
      batchOf(options?.tx)?.append(streamId, events, options?.expectedVersion ?? 'any') ??
      store.append(streamId, events, options),
    appendToStreams: async (appends, options) => {
      const batch = batchOf(options?.tx);
      if (!batch) return store.appendToStreams(appends, options);
      const results: AppendResult[] = [];
      for (const { streamId, events, expectedVersion = 'any' } of appends) {
        results.push(await batch.append(streamId, events, expectedVersion));
      }
      return results;
    },
    readStream: (streamId, options) =>
      batchOf(options?.tx)?.read(streamId, options) ?? store.readStream(streamId, options),
    readStreams: (streamIds, options) =>
      batchOf(options?.tx)?.readMany(streamIds) ?? store.readStreams(streamIds, options),
    batchOf,
    inBatch: async (tx, work) => {
      const batch = new PendingBatch(store, tx);
      batches.set(tx, batch);
      try {
        const result = await work(batch);
        await batch.write();
        return result;
      } finally {
        batches.delete(tx);
      }
    },
  };
};

class PendingBatch implements StoreBatch {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly appends: StreamAppend[] = [];
  private readonly hooks: Array<() => Promise<void>> = [];

  constructor(
    private readonly store: Store,
    private readonly tx: SqlExecutor,
  ) {}

  async prefetch(streamIds: readonly string[]): Promise<void> {
    const missing = [...new Set(streamIds)].filter((streamId) => !this.streams.has(streamId));
    if (missing.length === 0) return;
    const read = await this.store.readStreams(missing, { tx: this.tx });
    for (const streamId of missing) this.streams.set(streamId, read.get(streamId) ?? []);
  }

  async read(
    streamId: string,
    { fromVersion = 1, maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const events = await this.streamOf(streamId);
    return events.filter((event) => event.streamVersion >= fromVersion).slice(0, maxCount);
  }

  async readMany(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    await this.prefetch(streamIds);
    const found = new Map<string, RecordedEvent[]>();
    for (const streamId of streamIds) {
      const events = this.streams.get(streamId)!;
      if (events.length > 0) found.set(streamId, [...events]);
    }
    return found;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const stream = await this.streamOf(streamId);
    const current = stream.at(-1)?.streamVersion ?? 0;
    assertExpectedVersion(streamId, expected, current);
    const withIds = withEventIds(events);
    // Held to the version read: a writer in between makes the batch's final append fail.
    this.appends.push({ streamId, events: withIds, expectedVersion: current });
    stream.push(...withIds.map((event, index) => unwritten(streamId, event, current + index + 1)));
    return {
      nextExpectedVersion: current + events.length,
      lastPosition: { transactionId: 0, globalPosition: 0 },
    };
  }

  beforeWrite(work: () => Promise<void>): void {
    this.hooks.push(work);
  }

  async write(): Promise<void> {
    for (const hook of this.hooks.splice(0)) await hook();
    if (this.appends.length > 0) await this.store.appendToStreams(this.appends, { tx: this.tx });
  }

  private async streamOf(streamId: string): Promise<RecordedEvent[]> {
    await this.prefetch([streamId]);
    return this.streams.get(streamId)!;
  }
}

const unwritten = (
  streamId: string,
  event: NewEvent & { id: string },
  streamVersion: number,
): RecordedEvent => ({
  id: event.id,
  type: event.type,
  schemaVersion: event.schemaVersion ?? 1,
  data: event.data,
  metadata: event.metadata ?? {},
  streamId,
  streamVersion,
  globalPosition: 0,
  transactionId: 0,
  recordedAt: new Date(),
});
