import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTopicPlan } from '@digital-post/bus/kafka';
import { startPlatform, type Platform, type PlatformOptions } from '@digital-post/platform';
import { testConfig } from '@digital-post/platform/testing';
import { createTestDatabase, startKafkaMock } from '@digital-post/testing';

/** What the system runs on: the database and what carries events between the services. */
export interface SystemShape {
  database: 'pglite' | 'postgres';
  bus: 'embedded' | 'kafka';
}

/** The embedded default, and the shape at scale (the PostgreSQL server, Kafka and the relay). */
export const deployments = {
  embedded: { database: 'pglite', bus: 'embedded' },
  scale: { database: 'postgres', bus: 'kafka' },
} as const satisfies Record<string, SystemShape>;

export type Deployment = keyof typeof deployments;

export interface RunningSystem {
  gateway: string;
  senderApi: string;
  operations: string;
  /** The enrollment service's operator routes, when its process is not `operations`' own. */
  enrollmentOperations?: string;
  /** The operations service's routes (the SREs' tools), when its process is not `operations`' own. */
  toolsOperations?: string;
  printDir: string;
  /** Where the population and company registers deliver their batches (the enrollment feed). */
  registerFeedDir: string;
  /** The services' ports for another process, and the keys such a process shares (whole system only). */
  internal?: { url: string; serviceKeyFile: string; idpKeyFile: string };
  close(): Promise<void>;
}

/** The enrollment service reads the register feed this often: short, so tests do not wait. */
export const REGISTER_POLL_MS = '200';

/** The whole system listening on loopback ports, as clients reach it. */
export const startSystem = async (shape: Deployment | SystemShape): Promise<RunningSystem> =>
  (await launchSystem(shape)).system;

/** The system and the platform behind it, for tests that must look at what it stored. */
export const launchSystem = async (
  shape: Deployment | SystemShape,
  extraEnv: Record<string, string> = {},
  options: PlatformOptions = {},
): Promise<{ system: RunningSystem; platform: Platform }> => {
  const { database, bus } = typeof shape === 'string' ? deployments[shape] : shape;
  const dir = await mkdtemp(join(tmpdir(), `dp-system-${database}-${bus}-`));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const env: Record<string, string> = {};
  // A database of the caller's stays: a system started again on it finds what it left.
  if (database === 'postgres' && !extraEnv.DIGITAL_POST_DATABASE_URL) {
    const testDatabase = await createTestDatabase('system');
    cleanups.unshift(() => testDatabase.drop());
    env.DIGITAL_POST_DATABASE_URL = testDatabase.url;
  }
  if (bus === 'kafka') {
    const plan = await readTopicPlan();
    const kafka = await startKafkaMock({
      topics: plan.topics.map((t) => ({ ...t, partitions: 2 })),
    });
    cleanups.unshift(() => kafka.stop());
    env.DIGITAL_POST_KAFKA_BROKERS = kafka.bootstrapServers.join(',');
  }
  const config = testConfig(dir, {
    ...env,
    DIGITAL_POST_REGISTER_POLL_MS: REGISTER_POLL_MS,
    ...extraEnv,
  });
  const platform = await startPlatform(config, options);
  const listen = (app: (typeof platform.apps)['gateway']) => {
    if (!app) throw new Error('the whole system runs every front');
    return app.listen({ port: 0, host: '127.0.0.1' });
  };
  const system: RunningSystem = {
    gateway: await listen(platform.apps.gateway),
    senderApi: await listen(platform.apps.senderApi),
    operations: await listen(platform.apps.operations),
    internal: {
      url: await listen(platform.apps.internal),
      serviceKeyFile: config.DIGITAL_POST_SERVICE_KEY_FILE,
      idpKeyFile: config.DIGITAL_POST_DEV_IDP_KEY_FILE,
    },
    printDir: config.DIGITAL_POST_PRINT_DIR,
    registerFeedDir: config.DIGITAL_POST_REGISTER_FEED_DIR,
    close: async () => {
      await platform.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
  return { system, platform };
};
