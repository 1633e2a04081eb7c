import { withEventIds } from './eventId.ts';
import { insertRows, retriedAppend, type StoredId } from './append.ts';
import { assertExpectedVersion } from './errors.ts';
import { categoryOf, type NewEvent } from './events.ts';
import type { AppendResult, StreamAppend } from './eventStore.ts';
import type { SqlExecutor } from './sql/database.ts';
import { eventJson } from './sql/jsonColumns.ts';

/**
 * Appends to many streams inside `tx` in four statements, however many streams: the streams are
 * locked (in one order, so two such appends cannot deadlock), their versions and the ids already
 * stored read, and every event inserted by one statement. Each append is held to its own expected
 * version; one whose ids are all stored already is a retry and answers as it did. A stream named
 * twice takes the second append after the first.
 */
export const appendToStreamsInTransaction = async (
  tx: SqlExecutor,
  appends: StreamAppend[],
): Promise<AppendResult[]> => {
  const withIds = appends.map((append) => ({
    ...append,
    events: withEventIds(append.events),
  }));
  const streamIds = [...new Set(withIds.map((append) => append.streamId))].sort();
  await tx.query(
    `select pg_advisory_xact_lock(hashtextextended(stream_id, 0))
       from unnest($1::text[]) as stream_id`,
    [streamIds],
  );
  const versions = await versionsOf(tx, streamIds);
  const stored = await storedIds(
    tx,
    withIds.flatMap((append) => append.events.map((e) => e.id)),
  );
  const pending: Array<{ streamId: string; events: NewEvent[]; from: number; index: number }> = [];
  const results: AppendResult[] = [];
  withIds.forEach((append, index) => {
    const ids = append.events.map((event) => event.id);
    const already = ids.flatMap((id) => stored.get(id) ?? []);
    if (already.length > 0) {
      results[index] = retriedAppend(append.streamId, ids, already);
      return;
    }
    const current = versions.get(append.streamId)!;
    assertExpectedVersion(append.streamId, append.expectedVersion ?? 'any', current);
    versions.set(append.streamId, current + append.events.length);
    pending.push({ streamId: append.streamId, events: append.events, from: current, index });
  });
  if (pending.length === 0) return results;
  const rows = await tx.query<{ global_position: string; transaction_id: string }>(
    insertRows,
    insertParams(pending),
  );
  let row = 0;
  for (const { events, from, index } of pending) {
    row += events.length;
    const last = rows[row - 1]!;
    results[index] = {
      nextExpectedVersion: from + events.length,
      lastPosition: {
        transactionId: Number(last.transaction_id),
        globalPosition: Number(last.global_position),
      },
    };
  }
  return results;
};

const versionsOf = async (tx: SqlExecutor, streamIds: string[]): Promise<Map<string, number>> => {
  const rows = await tx.query<{ stream_id: string; version: string | number }>(
    `select s.stream_id,
            (select coalesce(max(stream_version), 0) from events e where e.stream_id = s.stream_id)
              as version
       from unnest($1::text[]) as s(stream_id)`,
    [streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
};

const storedIds = async (tx: SqlExecutor, ids: string[]): Promise<Map<string, StoredId>> => {
  const rows = await tx.query<StoredId>(
    `select event_id::text, stream_id, stream_version, global_position,
            transaction_id::text as transaction_id
       from events where event_id = any($1::uuid[]) order by global_position`,
    [ids],
  );
  return new Map(rows.map((row) => [row.event_id, row]));
};

const insertParams = (
  pending: Array<{ streamId: string; events: NewEvent[]; from: number }>,
): unknown[] => {
  const rows = pending.flatMap(({ streamId, events, from }) =>
    events.map((event, offset) => ({ streamId, event, version: from + offset + 1 })),
  );
  return [
    rows.map((row) => row.event.id),
    rows.map((row) => row.streamId),
    rows.map((row) => categoryOf(row.streamId)),
    rows.map((row) => row.version),
    rows.map((row) => row.event.type),
    rows.map((row) => row.event.schemaVersion ?? 1),
    ...eventJson(rows.map((row) => row.event)),
  ];
};
