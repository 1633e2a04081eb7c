// Exit 0 when the PostgreSQL server at the given URL answers, 1 otherwise (within 5 s).
import process from 'node:process';
import pg from 'pg';

const client = new pg.Client({ connectionString: process.argv[2], connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  await client.query('select 1');
  await client.end();
  process.exit(0);
} catch {
  process.exit(1);
}
