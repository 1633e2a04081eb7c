import { ensureSchema, type Database } from '@digital-post/event-store';

/**
 * Routing's read models, in its own schema of the service's database. They are written in the
 * consumer's transaction, with the bus's processed ids and checkpoint, so they never run ahead
 * of or behind what the consumer has handled.
 */
const statements = [
  'create schema if not exists routing',
  // One row per version of a rule, with the interval it was in force: [valid_from, valid_to).
  `create table if not exists routing.forwarding_rules (
    rule_id text not null,
    rule_version integer not null,
    mailbox_id text not null,
    target_mailbox_id text not null,
    valid_from timestamptz not null,
    valid_to timestamptz,
    primary key (rule_id, rule_version)
  )`,
  `create index if not exists forwarding_rules_by_mailbox
     on routing.forwarding_rules (mailbox_id, valid_from)`,
  `create table if not exists routing.held_messages (
    message_id text primary key,
    reason text not null,
    addressee_mailbox_id text not null,
    sender_id text not null,
    refused_mailbox_id text,
    forwarding_rule_id text,
    forwarding_rule_version integer,
    router_release text,
    held_at timestamptz not null
  )`,
];

export const ensureRoutingSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'routing-schema', statements);
