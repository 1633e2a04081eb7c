import { withSpan } from '@digital-post/telemetry';
import { appendInTransaction, isUniqueViolation } from './append.ts';
import { ConcurrencyError } from './errors.ts';
import type { AppendOptions, AppendResult, EventStore, StreamAppend } from './eventStore.ts';
import type { SqlExecutor } from './sql/database.ts';
import type { NewEvent } from './events.ts';
import { readAll, readStream, readStreams } from './read.ts';
import { appendToStreamsInTransaction } from './appendToStreams.ts';
import { APPENDED_CHANNEL, ensureEventStoreSchema } from './schema.ts';
import type { Database } from './sql/database.ts';
import { appendWriter, type AppendWriter } from './appendWriter.ts';
import { notifyOnCommit } from './sql/notifyOnCommit.ts';
import { subscribe } from './subscription.ts';

export interface StoreOptions {
  /**
   * Told of the events of each append once they are committed (the caller's transaction, when
   * appended in one): for counting what the process writes, never for acting on it.
   */
  onCommitted?(events: readonly NewEvent[]): void;
}

/** Tells `onCommitted` once the append is committed: now, or when the caller's transaction is. */
const committed =
  (onCommitted: StoreOptions['onCommitted']) =>
  async <R>(events: readonly NewEvent[], tx: SqlExecutor | undefined, work: () => Promise<R>) => {
    const result = await work();
    if (!onCommitted) return result;
    if (tx) tx.afterCommit?.(() => onCommitted(events));
    else onCommitted(events);
    return result;
  };

/** The event store on a PostgreSQL engine; the schema is created if missing. */
export const createEventStore = async (
  db: Database,
  { onCommitted }: StoreOptions = {},
): Promise<EventStore> => {
  await ensureEventStoreSchema(db);
  const writer = appendWriter(db);
  const told = committed(onCommitted);
  return {
    append: (streamId, events, options) =>
      withSpan(
        'event-store append',
        { 'digitalpost.stream': streamId, 'digitalpost.event_count': events.length },
        () => told(events, options?.tx, () => append(writer, streamId, events, options)),
      ),
    appendToStreams: (appends, options) =>
      withSpan(
        'event-store append to streams',
        { 'digitalpost.stream_count': appends.length },
        () =>
          told(
            appends.flatMap((one) => one.events),
            options?.tx,
            () => appendToStreams(db, appends, options?.tx),
          ),
      ),
    readStream: (streamId, options) => readStream(options?.tx ?? db, streamId, options),
    readStreams: (streamIds, options) => readStreams(options?.tx ?? db, streamIds),
    readAll: (options) => readAll(db, options),
    subscribe: (options) => subscribe(db, options),
    close: () => db.close(),
  };
};

/** No append is empty, and every event has data: undefined is not JSON. */
const assertAppendable = (events: NewEvent[]): void => {
  if (events.length === 0) throw new RangeError('append needs at least one event');
  if (events.some((event) => event.data === undefined)) {
    throw new RangeError('an event needs data');
  }
};

const append = async (
  writer: AppendWriter,
  streamId: string,
  events: NewEvent[],
  { expectedVersion = 'any', tx }: AppendOptions = {},
): Promise<AppendResult> => {
  assertAppendable(events);
  try {
    // Alone, it goes in a group with other writers' appends, which wakes readers as it commits.
    if (!tx) return await writer(streamId, events, expectedVersion);
    const result = await appendInTransaction(tx, streamId, events, expectedVersion);
    await notifyOnCommit(tx, APPENDED_CHANNEL);
    return result;
  } catch (error) {
    // A unique violation: two appends raced with the same event id into different streams, or
    // (appended alone, expecting a version) on a stream's next version. The loser is told as a
    // conflict and may retry.
    if (isUniqueViolation(error)) throw new ConcurrencyError(streamId, expectedVersion, -1);
    throw error;
  }
};

const appendToStreams = async (
  db: Database,
  appends: StreamAppend[],
  tx: SqlExecutor | undefined,
): Promise<AppendResult[]> => {
  if (appends.length === 0) return [];
  appends.forEach((append) => assertAppendable(append.events));
  try {
    if (!tx) {
      const results = await db.transaction((own) => appendToStreamsInTransaction(own, appends));
      db.notify(APPENDED_CHANNEL);
      return results;
    }
    const results = await appendToStreamsInTransaction(tx, appends);
    await notifyOnCommit(tx, APPENDED_CHANNEL);
    return results;
  } catch (error) {
    // Event ids raced into another stream: told as a conflict, as a single append is.
    if (isUniqueViolation(error)) throw new ConcurrencyError(appends[0]!.streamId, 'any', -1);
    throw error;
  }
};
