import { newEventId } from './eventId.ts';
import { assertExpectedVersion, DuplicateEventError, type ExpectedVersion } from './errors.ts';
import { categoryOf, type NewEvent } from './events.ts';
import type { AppendResult } from './eventStore.ts';
import type { SqlExecutor } from './sql/database.ts';
import { eventJson } from './sql/jsonColumns.ts';
import { prepared } from './sql/prepared.ts';

export interface StoredId {
  event_id: string;
  stream_id: string;
  stream_version: string | number;
  global_position: string | number;
  transaction_id: string;
}

/**
 * Appends inside `tx`. A batch whose ids are all stored already is a retry of an append that
 * succeeded: it answers as that append did and stores nothing.
 */
export const appendInTransaction = async (
  tx: SqlExecutor,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult> => {
  // Writers of one stream take turns, so the version read below is still current at insert time.
  // The lock is a statement of its own: a statement's snapshot is taken before it waits.
  await tx.query(lockStream, [streamId]);
  const ids = events.map((event) => event.id ?? newEventId());
  const { current, stored } = await streamState(tx, streamId, ids);
  if (stored.length > 0) return retriedAppend(streamId, ids, stored);
  assertExpectedVersion(streamId, expected, current);
  const rows = await tx.query<{ global_position: string; transaction_id: string }>(
    insertRows,
    insertParams(streamId, events, ids, current),
  );
  const last = rows[rows.length - 1]!;
  return {
    nextExpectedVersion: current + events.length,
    lastPosition: {
      transactionId: Number(last.transaction_id),
      globalPosition: Number(last.global_position),
    },
  };
};

const lockStream = prepared('select pg_advisory_xact_lock(hashtextextended($1, 0))');

const streamStateSql = prepared(`
  select e.event_id, e.stream_id, e.stream_version, e.global_position,
         e.transaction_id::text as transaction_id,
         (select coalesce(max(stream_version), 0) from events where stream_id = $1)
           as current_version
    from (select 1) as one
    left join lateral (
      select s.* from unnest($2::uuid[]) as i(event_id)
       cross join lateral (select * from events s where s.event_id = i.event_id limit 1) s
    ) e on true
   order by e.global_position`);

/** The stream's version and which of the ids are stored already, in one round trip. */
const streamState = async (
  tx: SqlExecutor,
  streamId: string,
  ids: string[],
): Promise<{ current: number; stored: StoredId[] }> => {
  const rows = await tx.query<StoredId & { current_version: string | number }>(streamStateSql, [
    streamId,
    ids,
  ]);
  return {
    current: Number(rows[0]!.current_version),
    stored: rows.filter((row) => row.event_id !== null),
  };
};

/** All ids stored by one earlier append to this stream: a retry. Anything else is a mistake. */
export const retriedAppend = (
  streamId: string,
  ids: string[],
  stored: StoredId[],
): AppendResult => {
  const sameAppend = stored.length === ids.length && stored.every((e) => e.stream_id === streamId);
  if (!sameAppend) throw new DuplicateEventError(stored.map((e) => e.event_id));
  const last = stored[stored.length - 1]!;
  return {
    nextExpectedVersion: Number(last.stream_version),
    lastPosition: {
      transactionId: Number(last.transaction_id),
      globalPosition: Number(last.global_position),
    },
  };
};

// One statement for the whole batch: unnest turns the parameter arrays into rows, in order.
export const insertRows = prepared(`
  insert into events (event_id, stream_id, stream_category, stream_version, event_type,
                      schema_version, data, metadata)
  select e.event_id, e.stream_id, e.stream_category, e.stream_version, e.event_type,
         e.schema_version, $7::jsonb -> (e.n - 1)::int, $8::jsonb -> (e.n - 1)::int
    from unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::integer[])
           with ordinality as e(event_id, stream_id, stream_category, stream_version, event_type,
                                schema_version, n)
   order by e.n
  returning global_position, transaction_id::text`);

const insertParams = (
  streamId: string,
  events: NewEvent[],
  ids: string[],
  current: number,
): unknown[] => [
  ids,
  events.map(() => streamId),
  events.map(() => categoryOf(streamId)),
  events.map((_, index) => current + index + 1),
  events.map((event) => event.type),
  events.map((event) => event.schemaVersion ?? 1),
  ...eventJson(events),
];

/** PostgreSQL's unique_violation: another writer got there first. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
