import type { Database } from '@digital-post/event-store';

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

export const ensureContentSchema = async (db: Database): Promise<void> => {
  // Several services may open the store on one database at once; the lock serialises creation.
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('digital-post:content-schema'))`);
    for (const statement of schemaStatements) await tx.query(statement);
  });
};
