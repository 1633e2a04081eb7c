import { newEventId } from './eventId.ts';
import { appendInTransaction, retriedAppend, type StoredId } from './append.ts';
import { assertExpectedVersion, ConcurrencyError, type ExpectedVersion } from './errors.ts';
import { categoryOf, type NewEvent } from './events.ts';
import type { AppendResult } from './eventStore.ts';
import type { Database } from './sql/database.ts';
import { eventJson } from './sql/jsonColumns.ts';
import { prepared } from './sql/prepared.ts';

/**
 * An append that is a transaction of its own, in one statement: one round trip where a
 * transaction of several statements takes five (begin, lock, read, insert, commit), and socket
 * writes are most of what a writer spends. The statement reads the stream's version and the
 * ids already stored, and inserts only if none is and the expected version holds.
 *
 * Writers of one stream do not take turns here: two that read the same version both try to
 * insert it, and the unique (stream, version) lets one through. The other, if it expected
 * `any`, tries again on the new version, and after a few lost races takes its turn in a
 * transaction that locks the stream (a stream many write to at once); otherwise it is told of
 * the conflict.
 */
const sql = prepared(`
with stored as (
  select s.event_id::text, s.stream_id, s.stream_version, s.global_position,
         s.transaction_id::text
    from unnest($1::uuid[]) as i(event_id)
   cross join lateral (select * from events s where s.event_id = i.event_id limit 1) s
), current as (
  select coalesce(max(stream_version), 0) as version from events where stream_id = $2
), inserted as (
  insert into events (event_id, stream_id, stream_category, stream_version, event_type,
                      schema_version, data, metadata)
  select e.event_id, $2, $3, c.version + e.ordinality, e.event_type, e.schema_version,
         e.data, e.metadata
    from (select e.*, $6::jsonb -> (e.ordinality - 1)::int as data,
                 $7::jsonb -> (e.ordinality - 1)::int as metadata
            from unnest($1::uuid[], $4::text[], $5::integer[])
                   with ordinality as e(event_id, event_type, schema_version, ordinality)) e,
         current c
   where not exists (select 1 from stored)
     and ($8::text = 'any'
          or ($8::text = 'no_stream' and c.version = 0)
          or ($8::text = 'stream_exists' and c.version > 0)
          or c.version::text = $8::text)
  returning global_position, transaction_id::text
)
select 'inserted' as kind, null::text as event_id, null::text as stream_id,
       null::bigint as stream_version, global_position, transaction_id, null::bigint as version
  from inserted
union all
select 'stored', event_id, stream_id, stream_version, global_position, transaction_id, null
  from stored
union all
select 'current', null, null, null, null, null, version from current`);

interface Row extends StoredId {
  kind: 'inserted' | 'stored' | 'current';
  version: string | number | null;
}

/** Races on a stream's next version lost, expecting `any`, before taking turns. */
const RACES = 3;
/** A bound that only a stream written by more writers at once than this could reach. */
const GIVE_UP = 100;

export const appendAlone = async (
  db: Database,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult> => {
  const ids = events.map((event) => event.id ?? newEventId());
  const withIds = events.map((event, index) => ({ ...event, id: ids[index]! }));
  const attempt = (race: number) =>
    race <= RACES
      ? db
          .query<Row>(sql, params(streamId, events, ids, expected))
          .then((rows) => outcome(streamId, ids, expected, rows))
      : // Writers that do not take turns can still slip in between its read and its insert.
        db.transaction((tx) => appendInTransaction(tx, streamId, withIds, expected));
  for (let race = 1; ; race += 1) {
    try {
      return await attempt(race);
    } catch (error) {
      // Each lost race is another writer's success: the stream moves on, so this ends.
      if (!lostVersionRace(error) || expected !== 'any' || race >= GIVE_UP) throw error;
    }
  }
};

const params = (
  streamId: string,
  events: NewEvent[],
  ids: string[],
  expected: ExpectedVersion,
): unknown[] => [
  ids,
  streamId,
  categoryOf(streamId),
  events.map((event) => event.type),
  events.map((event) => event.schemaVersion ?? 1),
  ...eventJson(events),
  String(expected),
];

const outcome = (
  streamId: string,
  ids: string[],
  expected: ExpectedVersion,
  rows: Row[],
): AppendResult => {
  const current = Number(rows.find((row) => row.kind === 'current')!.version);
  const inserted = rows.filter((row) => row.kind === 'inserted');
  if (inserted.length > 0) {
    const last = inserted.reduce((a, b) =>
      Number(a.global_position) > Number(b.global_position) ? a : b,
    );
    return {
      nextExpectedVersion: current + ids.length,
      lastPosition: {
        transactionId: Number(last.transaction_id),
        globalPosition: Number(last.global_position),
      },
    };
  }
  const stored = rows
    .filter((row) => row.kind === 'stored')
    .sort((a, b) => Number(a.global_position) - Number(b.global_position));
  if (stored.length > 0) return retriedAppend(streamId, ids, stored);
  assertExpectedVersion(streamId, expected, current);
  // Unreachable: with the version as expected and no id stored, the statement inserts.
  throw new ConcurrencyError(streamId, expected, current);
};

/** Another writer took the stream's next version between our read and our insert. */
const lostVersionRace = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === 'events_stream_version_key';
