import type { EventStore } from './eventStore.ts';
import type { Database } from './sql/database.ts';
import { openPgDatabase, type PgDatabaseOptions } from './sql/pgDatabase.ts';
import { openPgliteDatabase, type PgliteDatabaseOptions } from './sql/pgliteDatabase.ts';
import { createEventStore, type StoreOptions } from './store.ts';

export interface OpenedStore {
  store: EventStore;
  /** The same database, for a service's own read models and consumer bookkeeping. */
  db: Database;
}

export const openPgliteStore = async (
  options: PgliteDatabaseOptions & StoreOptions = {},
): Promise<OpenedStore> => {
  const db = await openPgliteDatabase(options);
  return { db, store: await createEventStore(db, options) };
};

export const openPostgresStore = async (
  options: PgDatabaseOptions & StoreOptions,
): Promise<OpenedStore> => {
  const db = openPgDatabase(options);
  return { db, store: await createEventStore(db, options) };
};
