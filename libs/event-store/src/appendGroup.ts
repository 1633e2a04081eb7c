import { retriedAppend, type StoredId } from './append.ts';
import { assertExpectedVersion, ConcurrencyError, type ExpectedVersion } from './errors.ts';
import { categoryOf, type NewEvent } from './events.ts';
import type { AppendResult } from './eventStore.ts';
import { APPENDED_CHANNEL } from './schema.ts';
import type { SqlExecutor } from './sql/database.ts';
import { eventJson } from './sql/jsonColumns.ts';
import { prepared } from './sql/prepared.ts';

/** One caller's append, its events' ids given: one of a group written together. */
export interface GroupedAppend {
  streamId: string;
  events: Array<NewEvent & { id: string }>;
  expected: ExpectedVersion;
}

/**
 * Appends of many writers to as many different streams, in one statement and one commit: as
 * `appendAlone` does for one, each append reads its stream's version and its ids already stored
 * and inserts only if none is and its expected version holds, on its own: one that conflicts or
 * is a retry leaves the others to be written. Readers are woken by a NOTIFY in the same
 * statement: one per group, and the group is what keeps commits that notified few.
 */
const sql = prepared(`
with appends as (
  select * from unnest($1::integer[], $2::text[], $3::text[], $4::text[])
    as a(append_no, stream_id, stream_category, expected)
), incoming as (
  select e.append_no, e.event_id, e.ordinal, e.event_type, e.schema_version,
         $10::jsonb -> (e.n - 1)::int as data, $11::jsonb -> (e.n - 1)::int as metadata
    from unnest($5::integer[], $6::uuid[], $7::integer[], $8::text[], $9::integer[])
           with ordinality as e(append_no, event_id, ordinal, event_type, schema_version, n)
), stored as (
  select i.append_no, s.event_id::text, s.stream_id, s.stream_version, s.global_position,
         s.transaction_id::text as transaction_id
    from incoming i
   cross join lateral (select * from events s where s.event_id = i.event_id limit 1) s
), current as (
  select a.*, (select coalesce(max(stream_version), 0) from events e
                where e.stream_id = a.stream_id) as version
    from appends a
), writable as (
  select c.* from current c
   where not exists (select 1 from stored s where s.append_no = c.append_no)
     and (c.expected = 'any'
          or (c.expected = 'no_stream' and c.version = 0)
          or (c.expected = 'stream_exists' and c.version > 0)
          or c.version::text = c.expected)
), inserted as (
  insert into events (event_id, stream_id, stream_category, stream_version, event_type,
                      schema_version, data, metadata)
  select i.event_id, w.stream_id, w.stream_category, w.version + i.ordinal, i.event_type,
         i.schema_version, i.data, i.metadata
    from incoming i join writable w on w.append_no = i.append_no
   order by i.append_no, i.ordinal
  returning stream_id, global_position, transaction_id::text as transaction_id
), notified as (
  select pg_notify('${APPENDED_CHANNEL}', '') from (select 1 from inserted limit 1) as any_inserted
)
select 'inserted' as kind, null::integer as append_no, stream_id, null::text as event_id,
       null::bigint as stream_version, global_position, transaction_id, null::bigint as version
  from inserted
union all
select 'stored', append_no, stream_id, event_id, stream_version, global_position, transaction_id,
       null
  from stored
union all
select 'current', append_no, stream_id, null, null, null, null, version from current
union all
select 'notified', null, null, null, null, null, null, null from notified`);

interface Row extends StoredId {
  kind: 'inserted' | 'stored' | 'current' | 'notified';
  append_no: number | null;
  version: string | number | null;
}

/**
 * Writes a group of appends, each to a stream of its own, and answers each as it would have been
 * answered alone: its result, or the error (a conflict, or events stored by another append).
 * The statement fails whole when another writer takes a stream's next version or an event id
 * between its read and its insert; the caller then writes the group's appends one by one.
 */
export const appendGroup = async (
  db: SqlExecutor,
  group: GroupedAppend[],
): Promise<Array<AppendResult | Error>> => {
  const rows = await db.query<Row>(sql, params(group));
  return group.map((append, index) => {
    try {
      return outcome(append, index, rows);
    } catch (error) {
      return error as Error;
    }
  });
};

const params = (group: GroupedAppend[]): unknown[] => {
  const events = group.flatMap((append, index) =>
    append.events.map((event, ordinal) => ({ event, index, ordinal: ordinal + 1 })),
  );
  return [
    group.map((_, index) => index),
    group.map((append) => append.streamId),
    group.map((append) => categoryOf(append.streamId)),
    group.map((append) => String(append.expected)),
    events.map(({ index }) => index),
    events.map(({ event }) => event.id),
    events.map(({ ordinal }) => ordinal),
    events.map(({ event }) => event.type),
    events.map(({ event }) => event.schemaVersion ?? 1),
    ...eventJson(events.map(({ event }) => event)),
  ];
};

const byPosition = (a: Row, b: Row) => Number(a.global_position) - Number(b.global_position);

const outcome = (append: GroupedAppend, index: number, rows: Row[]): AppendResult => {
  const { streamId, events, expected } = append;
  const current = Number(rows.find((r) => r.kind === 'current' && r.append_no === index)!.version);
  const inserted = rows.filter((r) => r.kind === 'inserted' && r.stream_id === streamId);
  if (inserted.length > 0) {
    const last = inserted.sort(byPosition).at(-1)!;
    return {
      nextExpectedVersion: current + events.length,
      lastPosition: {
        transactionId: Number(last.transaction_id),
        globalPosition: Number(last.global_position),
      },
    };
  }
  const stored = rows.filter((r) => r.kind === 'stored' && r.append_no === index);
  const ids = events.map((event) => event.id);
  if (stored.length > 0) return retriedAppend(streamId, ids, stored.sort(byPosition));
  assertExpectedVersion(streamId, expected, current);
  // Unreachable: with the version as expected and no id stored, the statement inserts.
  throw new ConcurrencyError(streamId, expected, current);
};
