import { openPgliteStore, openPostgresStore, type OpenedStore } from '@digital-post/event-store';
import { createTestDatabase } from '@digital-post/testing';

/** The store and the service's database on one engine, and how to be rid of them. */
export interface OpenedEngine extends OpenedStore {
  dispose(): Promise<void>;
}

export type EngineName = 'PGlite' | 'PostgreSQL server';

const openers: Record<EngineName, () => Promise<OpenedEngine>> = {
  PGlite: async () => {
    const opened = await openPgliteStore();
    return { ...opened, dispose: () => opened.store.close() };
  },
  'PostgreSQL server': async () => {
    const database = await createTestDatabase('enrollment');
    const opened = await openPostgresStore({ connectionString: database.url });
    return {
      ...opened,
      dispose: async () => {
        await opened.store.close();
        await database.drop();
      },
    };
  },
};

export const openEngine = (name: EngineName): Promise<OpenedEngine> => openers[name]();

/** For `describe.each`: the same SQL on the embedded default and on the real server. */
export const engineNames: EngineName[] = ['PGlite', 'PostgreSQL server'];
