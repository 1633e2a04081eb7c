import { withSpan } from '@digital-post/telemetry';
import { appendInTransaction, isUniqueViolation } from './append.ts';
import { ConcurrencyError } from './errors.ts';
import type { AppendOptions, AppendResult, EventStore } from './eventStore.ts';
import type { NewEvent } from './events.ts';
import { readAll, readStream } from './read.ts';
import { APPENDED_CHANNEL, ensureEventStoreSchema } from './schema.ts';
import type { Database } from './sql/database.ts';
import { appendAlone } from './appendAlone.ts';
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
  try {
    // Readers are woken once the append has committed, by one NOTIFY of many (CoalescedNotify).
    if (!tx) {
      const result = await appendAlone(db, streamId, events, expectedVersion);
      db.notify(APPENDED_CHANNEL);
      return result;
    }
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
