import { ensureSchema } from './sql/ensureSchema.ts';
import type { Database } from './sql/database.ts';
import { leaseSchemaStatements } from './lease.ts';

export const APPENDED_CHANNEL = 'event_store_appended';

/**
 * One schema for the PostgreSQL server and PGlite. `transaction_id` records the writing
 * transaction so readers can hold back events that a still-running transaction could overtake
 * (see LogPosition).
 */
const schemaStatements = [
  `
create table if not exists events (
  global_position bigserial primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  event_id uuid not null,
  stream_id text not null,
  stream_category text not null,
  stream_version bigint not null,
  event_type text not null,
  schema_version integer not null,
  data jsonb not null,
  metadata jsonb not null,
  recorded_at timestamptz not null default now(),
  constraint events_event_id_key unique (event_id),
  constraint events_stream_version_key unique (stream_id, stream_version)
)`,
  'create index if not exists events_log_order on events (transaction_id, global_position)',
  `create index if not exists events_category_log_order
     on events (stream_category, transaction_id, global_position)`,
  // A window of time in the log, for operators: recorded_at grows with the position, so block
  // ranges (BRIN) find it at a fraction of a B-tree's size and insert cost.
  'create index if not exists events_recorded_at on events using brin (recorded_at)',
  `create table if not exists subscription_checkpoints (
  subscription_id text primary key,
  transaction_id bigint not null,
  global_position bigint not null,
  updated_at timestamptz not null default now()
)`,
  ...leaseSchemaStatements,
];

export const ensureEventStoreSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'event-store-schema', schemaStatements);
