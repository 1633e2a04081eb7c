import { ensureSchema, type Database } from '@digital-post/event-store';

/**
 * The enrollment service's read models and bookkeeping, schema `enrollment`. `people` holds,
 * per citizen and company, the register facts and the enrollment they led to, written in the
 * transaction of the events: the day-change run, the audit, reachability and the status pages
 * read it. Rebuilt from the `register-` and `enrollment-` streams if ever in doubt.
 */
const statements = [
  `create schema if not exists enrollment`,
  `create table if not exists enrollment.people (
     subject_kind text not null,
     subject_id text not null,
     known boolean not null default false,
     birth_date date,
     residence_country text,
     resident_since date,
     died_on date,
     registered_on date,
     ceased_on date,
     enrolled boolean not null default false,
     ever_enrolled boolean not null default false,
     exemption_id text,
     exemption_valid_until timestamptz,
     held_changes integer not null default 0,
     last_change_event_id text,
     last_change_type text,
     last_change_at timestamptz,
     last_change_rule_version text,
     last_change_trigger text,
     updated_at timestamptz not null default now(),
     primary key (subject_kind, subject_id)
   )`,
  `create index if not exists people_birth_date on enrollment.people (birth_date)
     where subject_kind = 'cpr' and not enrolled`,
  `create table if not exists enrollment.changes (
     event_id text primary key,
     subject_kind text not null,
     subject_id text not null,
     event_type text not null,
     change text not null,
     cause_code text,
     first_enrollment boolean,
     trigger text not null,
     trigger_id text,
     rule_version text,
     case_reference text,
     at timestamptz not null
   )`,
  `create index if not exists changes_at on enrollment.changes (at)`,
  `create table if not exists enrollment.held_changes (
     pending_id text primary key,
     subject_kind text not null,
     subject_id text not null,
     change text not null,
     cause_code text not null,
     breaker_key text not null,
     trigger text not null,
     trigger_id text,
     rule_version text not null,
     held_at timestamptz not null,
     status text not null default 'open',
     decided_by text,
     decided_at timestamptz
   )`,
  `create index if not exists held_changes_open on enrollment.held_changes (breaker_key)
     where status = 'open'`,
  `create table if not exists enrollment.breaker_counts (
     breaker_key text not null,
     window_start timestamptz not null,
     changes integer not null,
     primary key (breaker_key, window_start)
   )`,
  `create table if not exists enrollment.breaker_trips (
     breaker_key text primary key,
     tripped_at timestamptz not null,
     limit_at_trip integer not null
   )`,
  `create table if not exists enrollment.register_events_seen (
     register_event_id text primary key,
     digest text not null,
     batch_id text not null,
     outcome text not null,
     seen_at timestamptz not null default now()
   )`,
  `create table if not exists enrollment.register_rejections (
     register_event_id text,
     feed text not null,
     batch_id text not null,
     line_number integer not null,
     rule text not null,
     detail text not null,
     rejected_at timestamptz not null default now(),
     primary key (feed, batch_id, line_number)
   )`,
  `create table if not exists enrollment.register_checkpoints (
     feed text primary key,
     file text not null,
     line integer not null,
     updated_at timestamptz not null default now()
   )`,
  `create table if not exists enrollment.day_change_runs (
     run_date date primary key,
     ran_at timestamptz not null,
     changed integer not null,
     held integer not null
   )`,
];

export const ensureEnrollmentSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'enrollment', statements);
