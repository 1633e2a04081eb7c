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
 * Runs `handle` once per (group, event id): inside one transaction it claims the event id, runs
 * the handler and stores the checkpoint. A redelivered event finds its id claimed and is skipped,
 * but the checkpoint still advances. Returns whether the handler ran.
 */
export const processOnce = async (
  db: Database,
  groupId: string,
  event: RecordedEvent,
  handle: EventHandler,
  checkpoint?: Checkpoint,
): Promise<boolean> =>
  db.transaction(async (tx) => {
    const handled = await handleOnce(tx, groupId, event, handle);
    if (checkpoint) await saveCheckpoint(tx, groupId, checkpoint);
    return handled;
  });

export type EventHandler = (event: RecordedEvent, tx: SqlExecutor) => Promise<void>;

/** The claim-then-handle step of `processOnce`, for callers that own the transaction. */
export const handleOnce = async (
  tx: SqlExecutor,
  groupId: string,
  event: RecordedEvent,
  handle: EventHandler,
): Promise<boolean> => {
  const claimed = await tx.query(
    `insert into bus_processed_events (consumer_group, event_id) values ($1, $2)
     on conflict do nothing returning event_id`,
    [groupId, event.id],
  );
  if (claimed.length > 0) await handle(event, tx);
  return claimed.length > 0;
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
