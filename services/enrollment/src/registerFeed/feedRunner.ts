import { repeatEvery } from '@digital-post/service-kit';
import type { Database, SqlExecutor, StoreBatch } from '@digital-post/event-store';
import type { EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import { subjectOfRegisterEvent } from '../enrollment/recordRegisterEvent.ts';
import { seenInChunk, type SeenRegisterEvents } from '../enrollment/seenRegisterEvents.ts';
import { enrollmentStreamOf, registerStreamOf } from '../subjects/subject.ts';
import { parseRegisterLine, type RegisterEvent } from './registerEvent.ts';
import type { FeedCursor, FeedEntry, RegisterFeed } from './registerFeed.ts';

/**
 * Applies a register feed: reads a chunk of lines after the checkpoint, records each event
 * (rules applied, read models written) and moves the checkpoint, all in one transaction. A
 * crash repeats at most the chunk in flight, which then finds nothing committed of it; a
 * register that sends an event again finds it recorded and changes nothing. Lines that are
 * not valid events, or contradict the register's own history, are listed for operators and
 * passed over, so one bad line never stops the feed.
 */
export interface FeedRunOutcome {
  read: number;
  changed: number;
  held: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
}

export interface RegisterFeedRunner {
  /** Applies everything the feed has now; resolves with what it did. */
  drain(): Promise<FeedRunOutcome>;
  start(pollMs: number, onError: (error: unknown) => void): void;
  stop(): Promise<void>;
}

const emptyOutcome = (): FeedRunOutcome => ({
  read: 0,
  changed: 0,
  held: 0,
  unchanged: 0,
  duplicates: 0,
  rejected: 0,
});

const loadCursor = async (tx: SqlExecutor, feed: string): Promise<FeedCursor | null> => {
  const [row] = await tx.query<{ file: string; line: number }>(
    `select file, line from enrollment.register_checkpoints where feed = $1 for update`,
    [feed],
  );
  return row ? { file: row.file, line: Number(row.line) } : null;
};

const saveCursor = (tx: SqlExecutor, feed: string, cursor: FeedCursor) =>
  tx.query(
    `insert into enrollment.register_checkpoints (feed, file, line) values ($1, $2, $3)
     on conflict (feed) do update set file = excluded.file, line = excluded.line, updated_at = now()`,
    [feed, cursor.file, cursor.line],
  );

const recordRejection = (
  tx: SqlExecutor,
  feed: string,
  entry: FeedEntry,
  rejection: { id: string | null; rule: string; detail: string },
) =>
  tx.query(
    `insert into enrollment.register_rejections
       (register_event_id, feed, batch_id, line_number, rule, detail)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [rejection.id, feed, entry.batchId, entry.lineNumber, rejection.rule, rejection.detail],
  );

/** The streams a register event is decided on: its subject's facts and enrollment. */
const streamsOf = (event: RegisterEvent): string[] => {
  const subject = subjectOfRegisterEvent(event);
  return [registerStreamOf(subject), enrollmentStreamOf(subject)];
};

type ParsedEntry = FeedEntry & { parsed: ReturnType<typeof parseRegisterLine> };

/** One entry of a chunk: recorded, or listed for operators as rejected; counted either way. */
const applyEntryWith =
  (feedName: string, writer: EnrollmentWriter) =>
  async (
    tx: SqlExecutor,
    entry: ParsedEntry,
    seen: SeenRegisterEvents,
    outcome: FeedRunOutcome,
  ) => {
    const { parsed } = entry;
    if (!parsed.ok) {
      outcome.rejected += 1;
      return recordRejection(tx, feedName, entry, { ...parsed, rule: parsed.reason });
    }
    const result = await writer.recordRegisterEvent(tx, parsed.event, entry.batchId, seen);
    if (result.outcome === 'rejected') {
      outcome.rejected += 1;
      return recordRejection(tx, feedName, entry, { id: parsed.event.id, ...result });
    }
    if (result.outcome === 'duplicate') outcome.duplicates += 1;
    else outcome[result.outcome] += 1;
  };

/**
 * A chunk's entries as one batch: every subject's streams and every event's earlier sighting
 * read at once, then each event applied in order, its appends and marks written as it ends.
 */
const applyEntriesWith = (feedName: string, writer: EnrollmentWriter) => {
  const applyEntry = applyEntryWith(feedName, writer);
  return async (
    tx: SqlExecutor,
    batch: StoreBatch,
    entries: FeedEntry[],
    outcome: FeedRunOutcome,
  ) => {
    const parsed = entries.map((entry) => ({ ...entry, parsed: parseRegisterLine(entry.line) }));
    const events = parsed.flatMap(({ parsed: line }) => (line.ok ? [line.event] : []));
    await batch.prefetch(events.flatMap(streamsOf));
    const seen = await seenInChunk(
      tx,
      events.map((event) => event.id),
    );
    for (const entry of parsed) await applyEntry(tx, entry, seen, outcome);
    await seen.flush();
  };
};

export const createRegisterFeedRunner = (
  db: Database,
  feed: RegisterFeed,
  writer: EnrollmentWriter,
  chunkSize = 500,
): RegisterFeedRunner => {
  const applyEntries = applyEntriesWith(feed.name, writer);

  /** One chunk in one transaction; the row lock on the checkpoint keeps a second runner out. */
  const applyChunk = (outcome: FeedRunOutcome): Promise<number> =>
    db.transaction(async (tx) => {
      await tx.query(
        `insert into enrollment.register_checkpoints (feed, file, line) values ($1, '', 0)
         on conflict (feed) do nothing`,
        [feed.name],
      );
      const cursor = await loadCursor(tx, feed.name);
      const entries = await feed.read(cursor?.file ? cursor : null, chunkSize);
      await writer.inChunk(tx, (batch) => applyEntries(tx, batch, entries, outcome));
      const last = entries.at(-1);
      if (last) await saveCursor(tx, feed.name, last.cursor);
      outcome.read += entries.length;
      return entries.length;
    });

  const drain = async (): Promise<FeedRunOutcome> => {
    const outcome = emptyOutcome();
    while ((await applyChunk(outcome)) === chunkSize) {
      // a full chunk: there may be more
    }
    return outcome;
  };

  let polling: { stop(): Promise<void> } | undefined;
  return {
    drain,
    start: (pollMs, onError) => {
      polling = repeatEvery(drain, pollMs, onError);
    },
    stop: async () => {
      await polling?.stop();
    },
  };
};
