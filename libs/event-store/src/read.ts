import type { EventMetadata, RecordedEvent } from './events.ts';
import { START_OF_LOG } from './events.ts';
import type { LogFilter, ReadAllOptions, ReadStreamOptions } from './eventStore.ts';
import type { Database, SqlExecutor } from './sql/database.ts';

/** A row of the log as `eventColumns` select it. */
export interface EventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  stream_id: string;
  stream_version: string | number;
  global_position: string | number;
  transaction_id: string;
  recorded_at: Date | string;
}

/** The log's columns as a stored event is read: for readers with queries of their own. */
export const eventColumns = `event_id, event_type, schema_version, data, metadata, stream_id, stream_version,
  global_position, transaction_id::text, recorded_at`;

export const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
  streamId: row.stream_id,
  streamVersion: Number(row.stream_version),
  globalPosition: Number(row.global_position),
  transactionId: Number(row.transaction_id),
  recordedAt: new Date(row.recorded_at),
});

export const readStream = async (
  db: SqlExecutor,
  streamId: string,
  { fromVersion = 1, maxCount = 2_147_483_647 }: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => {
  const rows = await db.query<EventRow>(
    `select ${eventColumns} from events where stream_id = $1 and stream_version >= $2
      order by stream_version limit $3`,
    [streamId, fromVersion, maxCount],
  );
  return rows.map(toRecorded);
};

/**
 * Each stream read on its own index, one lateral subquery per id: given `stream_id = any(…)`,
 * a log the planner has no statistics for yet (a population loaded moments ago) was scanned
 * whole, in parallel, for every batch a consumer read (0.6 s each over 570,000 events).
 */
const readStreamsSql = `select e.* from unnest($1::text[]) as wanted (id)
  cross join lateral (select ${eventColumns} from events where stream_id = wanted.id
                       order by stream_version) as e`;

export const readStreams = async (
  db: SqlExecutor,
  streamIds: readonly string[],
): Promise<Map<string, RecordedEvent[]>> => {
  const streams = new Map<string, RecordedEvent[]>();
  if (streamIds.length === 0) return streams;
  const rows = await db.query<EventRow>(readStreamsSql, [[...new Set(streamIds)]]);
  for (const event of rows.map(toRecorded)) {
    const stream = streams.get(event.streamId) ?? [];
    if (stream.length === 0) streams.set(event.streamId, stream);
    stream.push(event);
  }
  return streams;
};

/**
 * The log's order. PGlite (0.5, a 32-bit build) sorts `xid8` as text ('10' before '9') while
 * comparing it correctly, so a sorted batch would skip events once transaction ids pass 999.
 * PGlite runs one transaction at a time, so there the position alone is commit order; on the
 * server the index on (transaction_id, global_position) gives the order without a sort. The
 * columns are named with their table: a bare `transaction_id` in ORDER BY would name the output
 * column of that name, its text, and a read would jump from '99999' past '100000'.
 */
const logOrderOf = (engine: Database['engine']): string =>
  engine === 'pglite' ? 'global_position' : 'events.transaction_id, events.global_position';

/** How many events a read of the log returns unless told. */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * Only events of transactions older than every transaction still running are returned
 * (`transaction_id < pg_snapshot_xmin(...)`): nothing can commit before them any more, so a
 * reader that moves past them never has to look back.
 */
export const readAll = async (
  db: Database,
  { after = START_OF_LOG, batchSize = DEFAULT_BATCH_SIZE, ...filter }: ReadAllOptions = {},
): Promise<RecordedEvent[]> => {
  const params = [String(after.transactionId), after.globalPosition, batchSize];
  const byCategory = db.engine === 'postgres' && filter.categories !== undefined;
  const rows = await onIndexes<EventRow>(
    db,
    byCategory ? readByCategory(filter) : readInLogOrder(db, filter),
    [...params, ...filterParams(filter)],
  );
  return rows.map(toRecorded);
};

/**
 * A read of the log on the server, on its indexes alone. The planner cannot judge how few of the
 * log's events lie beyond a reader's position (a row comparison): without statistics it expects a
 * handful and gathers and sorts the whole backlog for each batch; with them, it scans the whole
 * table. Either way a reader behind falls further behind (a quarter of a second or more per batch
 * at 40,000 events). On the indexes, a batch costs what the batch holds.
 */
const onIndexes = <Row>(db: Database, text: string, params: unknown[]): Promise<Row[]> =>
  db.engine === 'pglite'
    ? db.query<Row>(text, params)
    : db.transaction(async (tx) => {
        await tx.query('set local enable_seqscan = off; set local enable_bitmapscan = off');
        return tx.query<Row>(text, params);
      });

const readable = `(transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

const readInLogOrder = (db: Database, filter: LogFilter): string =>
  `select ${eventColumns} from events
      where ${readable} ${filterSql(filter, 4)}
      order by ${logOrderOf(db.engine)}
      limit $3`;

/**
 * The log past a reader's position (`$1` its transaction id as text, `$2` its global position),
 * in the log's order, at most `$3` rows, with the columns the caller names: for a reader that
 * needs the stored text itself (the chain hashes `data::text`). Only what can no longer be
 * overtaken, as every read of the log. On the server, run it with sequential and bitmap scans
 * off (as `readAll` does) so it costs what it returns.
 */
export const logReadSql = (engine: Database['engine'], columns: string): string =>
  `select ${columns} from events where ${readable} order by ${logOrderOf(engine)} limit $3`;

/**
 * On the server, a filtered read takes each category's next events in log order from the
 * category's index and merges them: at most a batch from each, whatever the backlog. (Ordered by
 * the transaction id itself: the column read out is its text.)
 */
const readByCategory = ({ eventTypes }: LogFilter): string =>
  `select e.* from unnest($4::text[]) as c(category)
     cross join lateral (
       select ${eventColumns}, transaction_id as log_transaction from events
        where stream_category = c.category and ${readable}
          ${eventTypes ? 'and event_type = any($5::text[])' : ''}
        order by events.transaction_id, events.global_position
        limit $3) e
    order by e.log_transaction, e.global_position
    limit $3`;

export interface LogBeyond {
  /** Events the filter matches that a read would return now. */
  readable: boolean;
  /**
   * Committed events the filter takes, waiting behind a transaction that is still running. Only
   * those: a reader told of others would look again every few milliseconds while any writer is
   * busy, each time passing over everything the others wrote since its checkpoint.
   */
  heldBack: boolean;
}

/**
 * What lies beyond `after`, both answers from one snapshot: asked in two statements, a
 * transaction ending between them could make events readable that neither answer reports.
 */
export const logBeyond = async (
  db: Database,
  { after = START_OF_LOG, ...filter }: ReadAllOptions,
): Promise<LogBeyond> => {
  const byCategory = db.engine === 'postgres' && filter.categories !== undefined;
  const rows = await onIndexes<LogBeyond>(
    db,
    byCategory ? beyondByCategory(filter) : beyondInLogOrder(filter),
    [String(after.transactionId), after.globalPosition, ...filterParams(filter)],
  );
  return rows[0]!;
};

const beyondInLogOrder = (filter: LogFilter): string =>
  `with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
   select
     exists (select 1 from events, horizon
       where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
         and transaction_id < horizon.xmin ${filterSql(filter, 3)}) as readable,
     exists (select 1 from events, horizon
       where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
         and transaction_id >= horizon.xmin ${filterSql(filter, 3)}) as "heldBack"`;

/**
 * The same questions of each category's own index: on the log's index, a reader of some
 * categories would pass over every other category's events written since its position, at each
 * look (a consumer of deliveries, behind the notices it writes itself, passed over all of them).
 */
const beyondByCategory = (filter: LogFilter): string => {
  const types = filter.eventTypes ? 'and event_type = any($4::text[])' : '';
  const any = (window: string) =>
    `exists (select 1 from unnest($3::text[]) as c(category) cross join horizon
       cross join lateral (select 1 from events
         where stream_category = c.category
           and (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
           and ${window} ${types} limit 1) as found)`;
  return `with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
   select ${any('transaction_id < horizon.xmin')} as readable,
          ${any('transaction_id >= horizon.xmin')} as "heldBack"`;
};

const filterSql = (filter: LogFilter, firstParam: number): string => {
  const clauses: string[] = [];
  let param = firstParam;
  if (filter.categories) clauses.push(`and stream_category = any($${param++}::text[])`);
  if (filter.eventTypes) clauses.push(`and event_type = any($${param++}::text[])`);
  return clauses.join(' ');
};

const filterParams = (filter: LogFilter): unknown[] =>
  [filter.categories, filter.eventTypes].filter((value) => value !== undefined);
