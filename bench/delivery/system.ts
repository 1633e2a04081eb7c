import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '@digital-post/platform';
import { testConfig } from '@digital-post/platform/testing';
import { createTestDatabase } from '@digital-post/testing';

export type Engine = 'PGlite' | 'PostgreSQL';

export interface RunningSystem {
  gateway: string;
  senderApi: string;
  operations: string;
  close(): Promise<void>;
}

/**
 * The whole platform on loopback ports, as clients reach it, with the embedded bus on both
 * engines: the figures then differ by the database alone. (The e2e suite's `scale` deployment
 * adds Kafka, which is not what is measured here.)
 */
export const startSystem = async (engine: Engine): Promise<RunningSystem> => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-bench-delivery-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const env: Record<string, string> = {};
  if (engine === 'PostgreSQL') {
    const database = await createTestDatabase('bench_delivery');
    cleanups.unshift(() => database.drop());
    env.DIGITAL_POST_DATABASE_URL = database.url;
  }
  const platform = await startPlatform(testConfig(dir, env));
  const listen = (app: (typeof platform.apps)['gateway']) => {
    if (!app) throw new Error('the whole system runs every front');
    return app.listen({ port: 0, host: '127.0.0.1' });
  };
  return {
    gateway: await listen(platform.apps.gateway),
    senderApi: await listen(platform.apps.senderApi),
    operations: await listen(platform.apps.operations),
    close: async () => {
      await platform.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
};
