import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A throw-away database on the PostgreSQL server, so tests against the real server run in
 * parallel without sharing tables. The server trusts local connections on these machines.
 */
export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, closing any connection a test left open. */
  drop(): Promise<void>;
}

export const testServerUrl = (): string =>
  process.env.DIGITAL_POST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const createTestDatabase = async (prefix = 'test'): Promise<TestDatabase> => {
  const name = uniqueName(prefix);
  await asAdmin((admin) => admin.query(`create database ${quote(name)}`));
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      asAdmin((admin) => admin.query(`drop database if exists ${quote(name)} with (force)`)),
  };
};

/** Lower case, letters, digits and underscores: safe to quote and within the 63-byte limit. */
const uniqueName = (prefix: string): string => {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
};

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

const asAdmin = async (work: (admin: pg.Client) => Promise<unknown>): Promise<void> => {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
};
