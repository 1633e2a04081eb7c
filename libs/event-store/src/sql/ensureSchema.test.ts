import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { ensureSchema, madeBy } from './ensureSchema.ts';
import { openPgliteDatabase } from './pgliteDatabase.ts';

describe('what a schema statement makes', () => {
  it('reads the forms the components use', () => {
    expect(madeBy('create schema if not exists mailbox')).toEqual([
      { kind: 'schema', schema: '', name: 'mailbox', column: '' },
    ]);
    expect(madeBy('create table if not exists events (\n  id bigserial primary key\n)')).toEqual([
      { kind: 'relation', schema: '', name: 'events', column: '' },
    ]);
    expect(madeBy(`create table if not exists Mailbox.Letters (status text default 'a')`)).toEqual([
      { kind: 'relation', schema: 'mailbox', name: 'letters', column: '' },
    ]);
    expect(
      madeBy(`create unique index if not exists once
        on sender_api.entries (message_id, status) where status in ('a', 'b')`),
    ).toEqual([{ kind: 'relation', schema: 'sender_api', name: 'once', column: '' }]);
    expect(madeBy('create index if not exists log_order on events (transaction_id)')).toEqual([
      { kind: 'relation', schema: '', name: 'log_order', column: '' },
    ]);
    expect(
      madeBy(
        'alter table mailbox.accepted add column if not exists a text, add if not exists b int',
      ),
    ).toEqual([
      { kind: 'column', schema: 'mailbox', name: 'accepted', column: 'a' },
      { kind: 'column', schema: 'mailbox', name: 'accepted', column: 'b' },
    ]);
  });

  it('never skips a statement it cannot read', () => {
    for (const statement of [
      'create table mailbox.letters (id text)',
      'alter table mailbox.accepted add column if not exists a text, drop column b',
      'alter table mailbox.accepted drop column if exists b',
      'create or replace function f() returns int language sql as $$ select 1 $$',
      '-- a comment\ncreate schema if not exists mailbox',
      'create table if not exists "Quoted" (id text)',
    ]) {
      expect(madeBy(statement)).toBeUndefined();
    }
  });
});

describe('ensureSchema', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const statements = [
    'create schema if not exists things',
    'create table if not exists things.items (id text primary key, kind text not null)',
    'create index if not exists items_by_kind on things.items (kind)',
    'create table if not exists notes (id text primary key)',
  ];
  const recording = (): { db: Database; queries: string[] } => {
    const queries: string[] = [];
    const record = (text: string) => void queries.push(text.trim().split(/\s+/)[0]!);
    return {
      queries,
      db: {
        ...db,
        query: (text, params) => (record(text), db.query(text, params)),
        transaction: (work) =>
          db.transaction((tx) =>
            work({ query: (text, params) => (record(text), tx.query(text, params)) }),
          ),
      },
    };
  };

  it('creates what is missing, then only looks in the catalog', async () => {
    const first = recording();
    await ensureSchema(first.db, 'things', statements);
    expect(first.queries).toEqual(['select', 'select', 'create', 'create', 'create', 'create']);

    const again = recording();
    await ensureSchema(again.db, 'things', statements);
    expect(again.queries).toEqual(['select']);
  });

  it('runs the statements again when one object is new', async () => {
    const upgraded = [
      ...statements,
      'alter table things.items add column if not exists colour text',
      `create index if not exists items_by_colour on things.items (colour) where colour <> ''`,
    ];
    const run = recording();
    await ensureSchema(run.db, 'things', upgraded);
    expect(run.queries.filter((query) => query !== 'select')).toHaveLength(upgraded.length);
    await db.query(`insert into things.items (id, kind, colour) values ('1', 'k', 'red')`);

    const again = recording();
    await ensureSchema(again.db, 'things', upgraded);
    expect(again.queries).toEqual(['select']);
  });
});
