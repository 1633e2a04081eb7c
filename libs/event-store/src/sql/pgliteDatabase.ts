import { PGlite } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from './database.ts';

export interface PgliteDatabaseOptions {
  /** A directory for the data; omitted, the database lives in memory (tests). */
  dataDir?: string;
}

/** PostgreSQL compiled into the process: the embedded default, no server to install. */
export const openPgliteDatabase = async ({
  dataDir,
}: PgliteDatabaseOptions = {}): Promise<Database> => {
  const db = await PGlite.create(dataDir ?? 'memory://');
  const executor = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    query: async <Row>(text: string, params?: unknown[]) =>
      (await target.query<Row>(text, params)).rows,
  });
  return {
    engine: 'pglite',
    ...executor(db),
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, onNotify);
      return async () => unlisten();
    },
    close: () => db.close(),
  };
};
