import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTopicPlan } from '@digital-post/bus/kafka';
import { startPlatform } from '@digital-post/platform';
import { testConfig } from '@digital-post/platform/testing';
import { createTestDatabase, startKafkaMock } from '@digital-post/testing';

export type Deployment = 'embedded' | 'scale';

export interface RunningSystem {
  gateway: string;
  senderApi: string;
  operations: string;
  printDir: string;
  close(): Promise<void>;
}

/**
 * The whole system listening on loopback ports, as clients reach it. `embedded` is the default
 * (PGlite, the bus on the store's log); `scale` is the PostgreSQL server with Kafka and the relay.
 */
export const startSystem = async (deployment: Deployment): Promise<RunningSystem> => {
  const dir = await mkdtemp(join(tmpdir(), `dp-e2e-${deployment}-`));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const env: Record<string, string> = {};
  if (deployment === 'scale') {
    const database = await createTestDatabase('e2e');
    const plan = await readTopicPlan();
    const kafka = await startKafkaMock({
      topics: plan.topics.map((t) => ({ ...t, partitions: 2 })),
    });
    cleanups.unshift(
      () => database.drop(),
      () => kafka.stop(),
    );
    env.DIGITAL_POST_DATABASE_URL = database.url;
    env.DIGITAL_POST_KAFKA_BROKERS = kafka.bootstrapServers.join(',');
  }
  const config = testConfig(dir, env);
  const platform = await startPlatform(config);
  const listen = (app: (typeof platform.apps)['gateway']) => {
    if (!app) throw new Error('the whole system runs every front');
    return app.listen({ port: 0, host: '127.0.0.1' });
  };
  return {
    gateway: await listen(platform.apps.gateway),
    senderApi: await listen(platform.apps.senderApi),
    operations: await listen(platform.apps.operations),
    printDir: config.DIGITAL_POST_PRINT_DIR,
    close: async () => {
      await platform.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
};
