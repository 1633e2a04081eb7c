import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from './database.ts';
import { SerialQueue } from './serialQueue.ts';

export interface PgliteDatabaseOptions {
  /** A directory for the data; omitted, the database lives in memory (tests). */
  dataDir?: string;
}

/**
 * PostgreSQL compiled into the process: the embedded default, no server to install. PGlite runs
 * one statement at a time and slows down badly when many callers wait on its own lock, so work is
 * queued here first, in arrival order. Inside a transaction, use its `tx`: the database itself is
 * busy until the transaction ends.
 */
export const openPgliteDatabase = async ({
  dataDir,
}: PgliteDatabaseOptions = {}): Promise<Database> => {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? 'memory://');
  const queue = new SerialQueue();
  const executor = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    query: async <Row>(text: string, params?: unknown[]) =>
      (await target.query<Row>(text, params)).rows,
  });
  const direct = executor(db);
  return {
    engine: 'pglite',
    query: (text, params) => queue.run(() => direct.query(text, params)),
    transaction: (work) => queue.run(() => db.transaction((tx) => work(executor(tx)))),
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, onNotify);
      return async () => unlisten();
    },
    close: () => queue.run(() => db.close()),
  };
};
