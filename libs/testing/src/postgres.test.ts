import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './postgres.ts';

describe('test databases on the PostgreSQL server', () => {
  it('creates a fresh database and drops it even with a connection open', async () => {
    const database = await createTestDatabase('testing lib');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('select current_database() as name');
    expect(rows[0]?.name).toBe(database.name);
    client.on('error', () => undefined); // the forced drop terminates this connection
    await database.drop();
    await expect(client.query('select 1')).rejects.toThrow();
    await client.end().catch(() => undefined);
  });
});
