import type { EventBus } from '@digital-post/bus';
import { openPgliteStore, openPostgresStore, type OpenedStore } from '@digital-post/event-store';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import { openBus } from './bus.ts';
import type { PlatformConfig } from './config.ts';

export interface Platform {
  app: HttpApp;
  store: OpenedStore;
  bus: EventBus;
  /** Stops the bus (consumers store their checkpoints), then the HTTP server, then the store. */
  close(): Promise<void>;
}

export const openStore = (config: PlatformConfig): Promise<OpenedStore> =>
  config.DIGITAL_POST_DATABASE_URL
    ? openPostgresStore({ connectionString: config.DIGITAL_POST_DATABASE_URL })
    : openPgliteStore({ dataDir: config.DIGITAL_POST_DATA_DIR });

/** Wires the platform: the store, the bus (embedded or Kafka), and the HTTP front. */
export const startPlatform = async (config: PlatformConfig): Promise<Platform> => {
  const logger = createLogger({ serviceName: 'digital-post', level: config.LOG_LEVEL });
  const store = await openStore(config);
  const { bus, close: closeBus } = await openBus(config, store, logger);
  const app = await createHttpApp({
    serviceName: 'digital-post',
    logger,
    openApi: { title: 'Digital Post', version: '0.1.0', description: 'The Digital Post platform' },
    readinessChecks: [
      { name: 'event store', check: async () => void (await store.db.query('select 1')) },
      { name: 'bus', check: () => bus.ping() },
    ],
  });
  return {
    app,
    store,
    bus,
    close: async () => {
      await closeBus();
      await app.close();
      await store.store.close();
    },
  };
};
