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
];

export const ensureNotificationSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'notification-schema', statements);
