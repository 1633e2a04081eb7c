import { createEventStore, openPgliteDatabase, type Database, type OpenedStore } from '../index.ts';
import { openEngine } from './engines.ts';

export interface StoreUnderTest extends OpenedStore {
  dispose(): Promise<void>;
}

/** Every adapter of the store port; the contract suite runs once per entry. */
export const storeAdapters: Array<[string, () => Promise<StoreUnderTest>]> = [
  [
    'PGlite',
    async () => {
      const db = await sharedPglite();
      const store = await createEventStore(db);
      // Starting PGlite takes seconds; one per test file, wiped between tests, keeps tests apart.
      const dispose = async () => {
        await db.query('drop schema public cascade');
        await db.query('create schema public');
      };
      return { db, store, dispose };
    },
  ],
  ['PostgreSQL server', () => openEngine('PostgreSQL server', 'event_store')],
];

let pglite: Promise<Database> | undefined;
const sharedPglite = (): Promise<Database> => (pglite ??= openPgliteDatabase());
