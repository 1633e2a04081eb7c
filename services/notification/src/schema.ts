import { ensureSchema, type Database } from '@digital-post/event-store';

/**
 * The notification service's tables, schema `notification`. `notice_details` holds the phone
 * numbers and e-mail addresses themselves: personal data, so never in an event (events go to
 * Kafka). One row per version of a mailbox's details, written in the transaction that appends
 * its `NoticeDetailsChanged`, so a version in the log always has its row and no row exists
 * without its event. Erasure (GDPR) deletes rows here; the events name no details.
 */
const statements = [
  'create schema if not exists notification',
  `create table if not exists notification.notice_details (
     mailbox_id text not null,
     details_version integer not null,
     phone text,
     email text,
     sha256 text not null,
     digest_salt text not null,
     changed_at timestamptz not null,
     confirmed_at timestamptz,
     stored_at timestamptz not null default now(),
     primary key (mailbox_id, details_version)
   )`,
  // The outbox: each notice from queued to sent, failed or cancelled, written with its events.
  // `handing_over` until `claimed_until`: a notice whose process died with it in hand.
  `create table if not exists notification.notices (
     notice_id uuid primary key,
     mailbox_id text not null,
     channel text not null,
     reason text not null,
     message_ids text[] not null,
     sender_ids text[] not null,
     state text not null default 'queued',
     attempts integer not null default 0,
     next_try_at timestamptz not null,
     claimed_until timestamptz,
     queued_at timestamptz not null
   )`,
  `create index if not exists notices_due on notification.notices (next_try_at)
     where state = 'queued'`,
  `create index if not exists notices_in_hand on notification.notices (claimed_until)
     where state = 'handing_over'`,
  // One notice a window: the notice that letters to a mailbox join until the window closes.
  `create table if not exists notification.windows (
     mailbox_id text not null,
     channel text not null,
     notice_id uuid not null,
     open_until timestamptz not null,
     primary key (mailbox_id, channel)
   )`,
  // An address a provider refused, for the version of the details that had it: the owner sees
  // it until they change their details or a notice on that channel goes through again.
  `create table if not exists notification.failing (
     mailbox_id text not null,
     channel text not null,
     details_version integer not null,
     failed_at timestamptz not null,
     primary key (mailbox_id, channel)
   )`,
  // Unopened legal notifications: reminded once when due, unless an open came first.
  `create table if not exists notification.reminders (
     mailbox_id text not null,
     message_id text not null,
     sender_id text,
     due_at timestamptz not null,
     state text not null default 'pending',
     notice_ids uuid[] not null default '{}',
     primary key (mailbox_id, message_id)
   )`,
  // What became of a notice, for operators: when it was settled, and why it failed if it did.
  'alter table notification.notices add column if not exists settled_at timestamptz',
  'alter table notification.notices add column if not exists failure text',
  `create index if not exists notices_failed on notification.notices (settled_at)
     where state = 'failed'`,
  // Settings operators change (the SMS quiet period), each written with its event.
  `create table if not exists notification.settings (
     name text primary key,
     value jsonb not null
   )`,
  `create index if not exists reminders_due on notification.reminders (due_at)
     where state = 'pending'`,
  // Each named letter's sender, beside message_ids (null for a notice queued before it): a
  // letter withdrawn from a waiting notice takes its sender's name with it, unless another
  // letter of the same sender stays.
  'alter table notification.notices add column if not exists letter_senders text[]',
];

export const ensureNotificationSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'notification-schema', statements);
