import {
  ensureSchema,
  type Database,
  type RecordedEvent,
  type SqlExecutor,
} from '@digital-post/event-store';

/**
 * Consumer bookkeeping lives beside the consumer's own tables, so it commits with them.
 * `bus_processed_events` drops redeliveries; `bus_checkpoints` records how far a group got on a
 * source (a Kafka topic-partition, or the store's log), in the same transaction.
 *
 * The consumers name the tables unqualified: they are the first found on the connection's search
 * path. In one process on the owner's connection that is `public`; a service connecting as its
 * own role (`pnpm db:setup`) finds those of its own schema, which the role's search path puts
 * first, so no service can read or forge another's processed ids.
 */
const consumerSchemaStatements = (schema?: string): string[] => {
  const table = (name: string) => (schema ? `${schema}.${name}` : name);
  return [
    `create table if not exists ${table('bus_processed_events')} (
  consumer_group text not null,
  event_id uuid not null,
  processed_at timestamptz not null default now(),
  primary key (consumer_group, event_id)
)`,
    `create table if not exists ${table('bus_checkpoints')} (
  consumer_group text not null,
  source text not null,
  checkpoint text not null,
  updated_at timestamptz not null default now(),
  primary key (consumer_group, source)
)`,
    // A Kafka offset saved by a bus that saves every batch's last offset: the next batch must
    // follow it (`offsetGaps.ts`). Offsets saved before it did skip batches of unwanted events.
    `alter table ${table('bus_checkpoints')}
       add column if not exists follows boolean not null default false`,
  ];
};

/** Creates the bookkeeping tables on the search path, or in `schema` (the database's setup). */
export const ensureConsumerSchema = (db: Database, schema?: string): Promise<void> =>
  ensureSchema(db, 'bus-consumer-schema', consumerSchemaStatements(schema));

export interface Checkpoint {
  /** e.g. `kafka:dp.message:3` or `log` */
  source: string;
  checkpoint: string;
}

/**
 * Runs `handle` once per (group, event id): inside one transaction it claims the events' ids,
 * hands on those not claimed before and stores the checkpoint. A redelivered event finds its id
 * claimed and is skipped, but the checkpoint still advances. Returns how many were handled.
 */
export const processOnce = async (
  db: Database,
  groupId: string,
  events: RecordedEvent[],
  handle: BatchHandler,
  checkpoint?: Checkpoint,
): Promise<number> =>
  db.transaction(async (tx) => {
    const handled = await handleOnce(tx, groupId, events, handle);
    if (checkpoint) await saveCheckpoint(tx, groupId, checkpoint);
    return handled;
  });

export type BatchHandler = (events: RecordedEvent[], tx: SqlExecutor) => Promise<void>;

/**
 * The claim-then-handle step of `processOnce`, for callers that own the transaction: the ids of
 * the whole batch are claimed in one statement, and only the events not seen before are handed
 * on (an event twice in one batch, once). Returns how many were.
 */
export const handleOnce = async (
  tx: SqlExecutor,
  groupId: string,
  events: RecordedEvent[],
  handle: BatchHandler,
): Promise<number> => {
  if (events.length === 0) return 0;
  const claimed = await tx.query<{ event_id: string }>(
    `insert into bus_processed_events (consumer_group, event_id)
     select $1, id from unnest($2::uuid[]) as id
     on conflict do nothing returning event_id`,
    [groupId, events.map((event) => event.id)],
  );
  const unclaimed = new Set(claimed.map((row) => row.event_id));
  // Stored ids are lower case; take each once, in the batch's order.
  const fresh = events.filter((event) => unclaimed.delete(event.id.toLowerCase()));
  if (fresh.length > 0) await handle(fresh, tx);
  return fresh.length;
};

export const saveCheckpoint = async (
  tx: SqlExecutor,
  groupId: string,
  { source, checkpoint }: Checkpoint,
): Promise<void> => {
  await tx.query(
    `insert into bus_checkpoints (consumer_group, source, checkpoint) values ($1, $2, $3)
     on conflict (consumer_group, source)
     do update set checkpoint = excluded.checkpoint, updated_at = now()`,
    [groupId, source, checkpoint],
  );
};
