import { withEventIds } from './eventId.ts';
import { appendAlone } from './appendAlone.ts';
import { appendGroup, type GroupedAppend } from './appendGroup.ts';
import type { ExpectedVersion } from './errors.ts';
import type { NewEvent } from './events.ts';
import type { AppendResult } from './eventStore.ts';
import { isUniqueViolation } from './append.ts';
import { APPENDED_CHANNEL } from './schema.ts';
import type { Database } from './sql/database.ts';

export interface AppendWriterOptions {
  /** Groups written at once; the next group gathers the appends that arrive meanwhile. */
  groupsInFlight?: number;
  /** Events in one group at most: a group is one statement and one commit. */
  maxGroupEvents?: number;
}

interface Waiting extends GroupedAppend {
  done(outcome: AppendResult | Error): void;
}

export type AppendWriter = (
  streamId: string,
  events: NewEvent[],
  expected: ExpectedVersion,
) => Promise<AppendResult>;

/**
 * Appends that are transactions of their own, written in groups: an append that arrives while
 * the groups in flight are full waits for one to finish, and goes with every other append that
 * waited, in one statement and one commit (group commit). A lone writer never waits; many
 * writers share commits, so a commit's wait for the disk is paid once per group, not per append.
 * A group holds one append per stream; a second to the same stream waits for the next group,
 * so a stream's appends are written in the order they arrived.
 */
export const appendWriter = (
  db: Database,
  { groupsInFlight = 2, maxGroupEvents = 1000 }: AppendWriterOptions = {},
): AppendWriter => {
  const waiting: Waiting[] = [];
  /** The streams of the groups in flight: their next appends wait, or they would race. */
  const busy = new Set<string>();
  let writing = 0;
  const pump = (): void => {
    while (writing < groupsInFlight && waiting.length > 0) {
      const group = nextGroup(waiting, busy, maxGroupEvents);
      if (group.length === 0) return;
      writing += 1;
      group.forEach((append) => busy.add(append.streamId));
      void write(db, group).finally(() => {
        writing -= 1;
        group.forEach((append) => busy.delete(append.streamId));
        pump();
      });
    }
  };
  return (streamId, events, expected) =>
    new Promise<AppendResult>((resolve, reject) => {
      const withIds = withEventIds(events);
      const done = (outcome: AppendResult | Error) =>
        outcome instanceof Error ? reject(outcome) : resolve(outcome);
      waiting.push({ streamId, events: withIds, expected, done });
      pump();
    });
};

/**
 * Takes the appends of the next group out of `waiting`, oldest first, one per stream, and none
 * to a stream `busy` in a group in flight.
 */
const nextGroup = (waiting: Waiting[], busy: ReadonlySet<string>, maxEvents: number): Waiting[] => {
  const group: Waiting[] = [];
  const streams = new Set<string>(busy);
  let events = 0;
  for (let index = 0; index < waiting.length;) {
    const append = waiting[index]!;
    const fits = group.length === 0 || events + append.events.length <= maxEvents;
    if (!fits) break;
    if (streams.has(append.streamId)) {
      index += 1;
      continue;
    }
    streams.add(append.streamId);
    events += append.events.length;
    group.push(append);
    waiting.splice(index, 1);
  }
  return group;
};

/**
 * Writes a group; when another writer raced it to a stream's version or an event id, each of
 * its appends is written alone instead (which retries such races or tells of a conflict).
 */
const write = async (db: Database, group: Waiting[]): Promise<void> => {
  try {
    const outcomes = await appendGroup(db, group);
    group.forEach((append, index) => append.done(outcomes[index]!));
  } catch (error) {
    if (!isUniqueViolation(error)) {
      group.forEach((append) => append.done(asError(error)));
      return;
    }
    await Promise.all(group.map((append) => writeAlone(db, append)));
  }
};

const writeAlone = async (db: Database, append: Waiting): Promise<void> => {
  try {
    append.done(await appendAlone(db, append.streamId, append.events, append.expected));
    db.notify(APPENDED_CHANNEL);
  } catch (error) {
    append.done(asError(error));
  }
};

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
