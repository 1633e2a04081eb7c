import { ensureSchema, type Database } from '@digital-post/event-store';

const schemaStatements = [
  'create schema if not exists content',
  `create table if not exists content.files (
  sha256 text primary key,
  mime_type text not null,
  size_bytes bigint not null,
  bytes bytea not null,
  stored_at timestamptz not null default now()
)`,
  `create table if not exists content.letters (
  message_id text primary key,
  content_sha256 text not null,
  content jsonb not null,
  stored_at timestamptz not null default now()
)`,
];

export const ensureContentSchema = (db: Database): Promise<void> =>
  ensureSchema(db, 'content-schema', schemaStatements);
