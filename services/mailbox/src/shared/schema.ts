import { ensureSchema, type Database } from '@digital-post/event-store';

/**
 * The mailbox service's own tables, in schema `mailbox`: read models kept in the writing
 * transaction, the user's folder names (content: never in events), and what the delivery
 * consumer has learnt of letters on their way in.
 */
const statements = [
  'create schema if not exists mailbox',
  // One change counter per mailbox: the state token of the change feed. Writers of one mailbox
  // take turns on its row, so the counter commits in the order it counts.
  `create table if not exists mailbox.change_counters (
    mailbox_id text primary key,
    last_change bigint not null,
    oldest_state bigint not null default 0
  )`,
  `create table if not exists mailbox.letters (
    mailbox_id text not null,
    message_id text not null,
    direction text not null,
    folder_id text not null,
    is_read boolean not null,
    version integer not null,
    thread_id text not null,
    sender_id text,
    recipient_id text,
    legal_notification boolean not null,
    reply_allowed boolean not null,
    received_at timestamptz not null,
    created_change bigint not null,
    updated_change bigint not null,
    destroyed_change bigint,
    primary key (mailbox_id, message_id)
  )`,
  // What a listing shows of a letter's content, so a listing reads this table alone (rows from
  // before it have none: their title is read from the content store).
  'alter table mailbox.letters add column if not exists title text',
  `create index if not exists letters_by_folder
     on mailbox.letters (mailbox_id, folder_id, received_at desc, message_id desc)`,
  'create index if not exists letters_by_change on mailbox.letters (mailbox_id, updated_change)',
  `create table if not exists mailbox.folders (
    mailbox_id text not null,
    folder_id text not null,
    name text not null,
    primary key (mailbox_id, folder_id)
  )`,
  `create unique index if not exists folders_unique_name
     on mailbox.folders (mailbox_id, lower(name))`,
  `create table if not exists mailbox.event_log (
    entry bigserial primary key,
    event_id uuid not null unique,
    mailbox_id text not null,
    event_type text not null,
    message_id text,
    folder_id text,
    actor_id text,
    on_behalf_of text,
    viewing_client text,
    occurred_at timestamptz not null
  )`,
  'create index if not exists event_log_by_mailbox on mailbox.event_log (mailbox_id, entry)',
  `create table if not exists mailbox.threads (
    message_id text primary key,
    thread_id text not null
  )`,
  // Letters routed to a mailbox whose sender asked for no delivery before a time: delivered
  // then (letters/scheduledDelivery.ts), with the decision's id and correlation for the event.
  `create table if not exists mailbox.scheduled_deliveries (
    message_id text not null,
    mailbox_id text not null,
    forwarding_rule_id text,
    letter jsonb not null,
    due_at timestamptz not null,
    cause_id text not null,
    correlation_id text,
    primary key (message_id, mailbox_id)
  )`,
  'create index if not exists scheduled_deliveries_due on mailbox.scheduled_deliveries (due_at)',
  // Refused attempts to reach a mailbox, per person and viewing client (refusedAccess/).
  `create table if not exists mailbox.refused_access (
    actor_id text not null,
    viewing_client text not null,
    attempts bigint not null,
    first_at timestamptz not null,
    last_at timestamptz not null,
    primary key (actor_id, viewing_client)
  )`,
];

export const ensureMailboxSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'mailbox-schema', statements);
