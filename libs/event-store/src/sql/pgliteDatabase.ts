import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from './database.ts';
import { SerialQueue } from './serialQueue.ts';
import { CoalescedNotify } from './coalescedNotify.ts';
import { pgliteNamedStatements } from './pgliteNamed.ts';
import { preparedName } from './prepared.ts';

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
  const named = pgliteNamedStatements(db);
  const executor = (target: Pick<PGlite, 'query'>, inTransaction: boolean): SqlExecutor => ({
    query: async <Row>(text: string, params?: unknown[]) => {
      const name = preparedName(text);
      if (name) return named<Row>(name, text, params ?? [], inTransaction);
      return (await target.query<Row>(text, params)).rows;
    },
  });
  const direct = executor(db, false);
  const query: SqlExecutor['query'] = (text, params) => queue.run(() => direct.query(text, params));
  const notifier = new CoalescedNotify((channel) => query("select pg_notify($1, '')", [channel]));
  const transaction: Database['transaction'] = async (work) => {
    const channels = new Set<string>();
    const committed: Array<() => void> = [];
    const result = await queue.run(() =>
      db.transaction((tx) =>
        work({
          ...executor(tx, true),
          notifyOnCommit: (channel) => void channels.add(channel),
          afterCommit: (then) => void committed.push(then),
        }),
      ),
    );
    committed.forEach((then) => then());
    channels.forEach((channel) => notifier.notify(channel));
    return result;
  };
  return {
    engine: 'pglite',
    query,
    transaction,
    notify: (channel) => notifier.notify(channel),
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, onNotify);
      return async () => unlisten();
    },
    close: async () => {
      await notifier.settled();
      await queue.run(() => db.close());
    },
  };
};
