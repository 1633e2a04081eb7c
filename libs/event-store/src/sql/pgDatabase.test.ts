import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { openPgDatabase } from './pgDatabase.ts';
import type { Database } from './database.ts';

describe('the PostgreSQL server through the pool', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase('pool');
    db = openPgDatabase({ connectionString: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('compiles no statement, in or out of a transaction', async () => {
    const jit = async (executor: Pick<Database, 'query'>) =>
      (await executor.query<{ jit: string }>('show jit'))[0]!.jit;
    const answers = await Promise.all([jit(db), db.transaction((tx) => jit(tx)), jit(db)]);
    expect(answers).toEqual(['off', 'off', 'off']);
  });
});
