import {
  withEventIds,
  type BatchingStore,
  type Database,
  type EventStore,
  type NewEvent,
  type SqlExecutor,
  type StoreBatch,
} from '@digital-post/event-store';

/** An event as an inline projection sees it: appended in this transaction, at this version. */
export interface AppendedEvent {
  id: string;
  streamId: string;
  streamVersion: number;
  type: string;
  data: Record<string, unknown>;
}

/**
 * A read model kept in step with the events inside the appending transaction, so a client that
 * changes something and reads again sees its change, and the read model can never miss or
 * double an event. It is given the events of the types it handles, in order: those of one append,
 * or of a batch's many appends to many streams.
 */
export interface InlineProjection {
  handles: readonly string[];
  project(tx: SqlExecutor, events: AppendedEvent[]): Promise<void>;
}

export type ProjectedStore = Pick<EventStore, 'append' | 'readStream'>;

const appendedFrom = (
  streamId: string,
  events: NewEvent[],
  nextExpectedVersion: number,
): AppendedEvent[] => {
  const firstVersion = nextExpectedVersion - events.length + 1;
  return events.map((event, index) => ({
    id: event.id!,
    streamId,
    streamVersion: firstVersion + index,
    type: event.type,
    data: event.data as Record<string, unknown>,
  }));
};

/**
 * The store with a service's inline projections registered once: every append runs them in its
 * transaction (the caller's `tx`, or one of its own), in the order given. Wrap a
 * `contractCheckedStore` to have what is appended checked too.
 *
 * Given the `batches` of a batching store, an append inside a batch is projected as the batch
 * ends, together with the batch's other appends: each projection is then called once with the
 * events of many streams, in the order they were appended.
 */
export const withInlineProjections = (
  store: Pick<EventStore, 'append' | 'readStream'>,
  db: Database,
  projections: readonly InlineProjection[],
  batches?: Pick<BatchingStore, 'batchOf'>,
): ProjectedStore => {
  const deferred = new WeakMap<StoreBatch, AppendedEvent[]>();
  const project = async (tx: SqlExecutor, appended: AppendedEvent[]) => {
    for (const projection of projections) {
      const handled = appended.filter((event) => projection.handles.includes(event.type));
      if (handled.length > 0) await projection.project(tx, handled);
    }
  };
  const projectLater = (batch: StoreBatch, tx: SqlExecutor, appended: AppendedEvent[]) => {
    const pending = deferred.get(batch);
    if (pending) return void pending.push(...appended);
    deferred.set(batch, [...appended]);
    batch.beforeWrite(() => project(tx, deferred.get(batch)!));
  };
  const appendIn: EventStore['append'] = async (streamId, events, options) => {
    const tx = options!.tx!;
    const withIds = withEventIds(events);
    const result = await store.append(streamId, withIds, options);
    const appended = appendedFrom(streamId, withIds, result.nextExpectedVersion);
    const batch = batches?.batchOf(tx);
    if (batch) projectLater(batch, tx, appended);
    else await project(tx, appended);
    return result;
  };
  return {
    readStream: (streamId, options) => store.readStream(streamId, options),
    append: (streamId, events, options = {}) =>
      options.tx
        ? appendIn(streamId, events, options)
        : db.transaction((tx) => appendIn(streamId, events, { ...options, tx })),
  };
};
