import { ensureSchema, type Database } from '@digital-post/event-store';

/**
 * The sender API's read model. Entries record the writing transaction so the receipts feed can
 * hold back rows a still-running transaction could overtake (the bigserial trap the event store
 * guards against the same way): a sender following the feed never steps over a status change.
 */
const statements = [
  'create schema if not exists sender_api',
  `create table if not exists sender_api.messages (
  message_id text primary key,
  sender_id text not null,
  legal_notification boolean not null,
  accepted_at text not null
)`,
  `create table if not exists sender_api.status_entries (
  seq bigserial primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  event_id uuid not null unique,
  message_id text not null,
  sender_id text not null,
  status text not null,
  at text not null,
  details jsonb not null
)`,
  // Only the first open and the one served receipt of each mailbox count; later ones are not
  // status changes. Per mailbox: a letter withdrawn from a wrong mailbox and delivered where it
  // belonged is opened and served there again, and that is the open that counts.
  `create unique index if not exists status_entries_once_per_mailbox
     on sender_api.status_entries (message_id, status, (coalesce(details->>'mailboxId', '')))
     where status in ('accepted', 'first-opened', 'served')`,
  `create index if not exists status_entries_by_message on sender_api.status_entries (message_id, seq)`,
  `create index if not exists status_entries_feed
     on sender_api.status_entries (sender_id, transaction_id, seq)`,
  // Downstream events can overtake the acceptance on Kafka (other topics): kept until it arrives.
  `create table if not exists sender_api.unattributed_entries (
  event_id uuid primary key,
  message_id text not null,
  status text not null,
  at text not null,
  details jsonb not null,
  received_at timestamptz not null default now()
)`,
  `create index if not exists unattributed_by_message on sender_api.unattributed_entries (message_id)`,
  // Letters delivered to an authority's mailbox, in the order its systems fetch them: held back
  // while a transaction that could still overtake them runs, as the status entries are.
  `create table if not exists sender_api.incoming (
  seq bigserial primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  authority_mailbox_id text not null,
  message_id text not null,
  sender_id text,
  thread_id text,
  delivered_at text not null,
  unique (authority_mailbox_id, message_id)
)`,
  `create index if not exists incoming_feed
     on sender_api.incoming (authority_mailbox_id, transaction_id, seq)`,
  // How far each of an authority's systems has confirmed it fetched the incoming letters.
  `create table if not exists sender_api.incoming_acknowledged (
  authority_mailbox_id text not null,
  system_id text not null,
  transaction_id xid8 not null,
  seq bigint not null,
  acknowledged_at timestamptz not null default now(),
  primary key (authority_mailbox_id, system_id)
)`,
];

export const ensureSenderApiSchema = async (db: Database): Promise<void> => {
  await ensureSchema(db, 'sender-api-schema', statements);
  await retireStatusOnceIndex(db);
};

/**
 * An older release counted the first open and the service once per letter, not per mailbox:
 * its index would keep the right recipient's open of a repaired letter out. Dropped by its
 * owner: at setup (`pnpm db:setup`, which runs this as the database's owner), or by this
 * process where it owns it (the embedded default); a service role leaves it to the setup.
 */
const retireStatusOnceIndex = async (db: Database): Promise<void> => {
  const [index] = await db.query<{ owned: boolean }>(
    `select pg_has_role(current_user, relowner, 'USAGE') as owned
       from pg_class where oid = to_regclass('sender_api.status_entries_once')`,
  );
  if (index?.owned) await db.query('drop index if exists sender_api.status_entries_once');
};
