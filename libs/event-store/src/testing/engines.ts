import { createTestDatabase } from '@digital-post/testing';
import { openPgliteStore, openPostgresStore, type OpenedStore } from '../index.ts';

/** The store and a service's database on one engine, and how to be rid of them. */
export interface OpenedEngine extends OpenedStore {
  dispose(): Promise<void>;
}

export type EngineName = 'PGlite' | 'PostgreSQL server';

/** For `describe.each`: the same SQL on the embedded default and on the real server. */
export const engineNames: EngineName[] = ['PGlite', 'PostgreSQL server'];

/** A fresh store on the engine; on the server a database of its own, named after `purpose`. */
export const openEngine = async (name: EngineName, purpose: string): Promise<OpenedEngine> => {
  if (name === 'PGlite') {
    const opened = await openPgliteStore();
    return { ...opened, dispose: () => opened.store.close() };
  }
  const database = await createTestDatabase(purpose);
  const opened = await openPostgresStore({ connectionString: database.url });
  return {
    ...opened,
    dispose: async () => {
      await opened.store.close();
      await database.drop();
    },
  };
};
