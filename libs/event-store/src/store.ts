import { withSpan } from '@digital-post/telemetry';
import { appendInTransaction, isUniqueViolation } from './append.ts';
import { ConcurrencyError } from './errors.ts';
import type { AppendOptions, AppendResult, EventStore } from './eventStore.ts';
import type { NewEvent } from './events.ts';
import { readAll, readStream } from './read.ts';
import { APPENDED_CHANNEL, ensureEventStoreSchema } from './schema.ts';
import type { Database, SqlExecutor } from './sql/database.ts';
import { notifyOnCommit } from './sql/notifyOnCommit.ts';
import { subscribe } from './subscription.ts';

/** The event store on a PostgreSQL engine; the schema is created if missing. */
export const createEventStore = async (db: Database): Promise<EventStore> => {
  await ensureEventStoreSchema(db);
  return {
    append: (streamId, events, options) =>
      withSpan(
        'event-store append',
        { 'digitalpost.stream': streamId, 'digitalpost.event_count': events.length },
        () => append(db, streamId, events, options),
      ),
    readStream: (streamId, options) => readStream(options?.tx ?? db, streamId, options),
    readAll: (options) => readAll(db, options),
    subscribe: (options) => subscribe(db, options),
    close: () => db.close(),
  };
};

const append = async (
  db: Database,
  streamId: string,
  events: NewEvent[],
  { expectedVersion = 'any', tx }: AppendOptions = {},
): Promise<AppendResult> => {
  if (events.length === 0) throw new RangeError('append needs at least one event');
  // Readers are woken once the append has committed, by one NOTIFY of many (see CoalescedNotify).
  const appendIn = async (executor: SqlExecutor) => {
    const result = await appendInTransaction(executor, streamId, events, expectedVersion);
    await notifyOnCommit(executor, APPENDED_CHANNEL);
    return result;
  };
  try {
    return tx ? await appendIn(tx) : await db.transaction(appendIn);
  } catch (error) {
    // Writers of one stream are serialised, so a unique violation means two appends raced with
    // the same event id into different streams: the loser is told as a conflict and may retry.
    if (isUniqueViolation(error)) throw new ConcurrencyError(streamId, expectedVersion, -1);
    throw error;
  }
};
