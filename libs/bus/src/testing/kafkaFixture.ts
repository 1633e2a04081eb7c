import { logLevel } from 'kafkajs';
import {
  openPgDatabase,
  openPostgresStore,
  type Database,
  type EventStore,
} from '@digital-post/event-store';
import {
  createTestDatabase,
  startKafkaMock,
  type KafkaMock,
  type TestDatabase,
} from '@digital-post/testing';
import type { EventBus } from '../bus.ts';
import { createKafkaBus, type GroupTimeouts, type KafkaBusOptions } from '../kafka/kafkaBus.ts';
import { startKafkaRelay, type KafkaRelay, type KafkaRelayOptions } from '../kafka/relay.ts';
import { readTopicPlan, topicPlan, type TopicPlan } from '../kafka/topics.ts';
import { testRegistry } from './testContracts.ts';

/**
 * Everything the Kafka adapter needs, for one test: the Kafka peer with the deployed topics, a
 * store on its own database, the relay, and a consumers' database of its own (services own their
 * databases). Partitions are fewer than in production to keep the peer quick.
 */
export interface KafkaFixture {
  mock: KafkaMock;
  plan: TopicPlan;
  store: EventStore;
  storeDb: Database;
  storeUrl: string;
  consumerDb: Database;
  consumerUrl: string;
  bus: EventBus;
  /** Another bus on the fixture's peer and consumers' database; closed with the fixture. */
  openBus(overrides?: Partial<KafkaBusOptions>): Promise<EventBus>;
  /** Started with the fixture unless `relay: false`. */
  relay: KafkaRelay | undefined;
  startRelay(overrides?: Partial<KafkaRelayOptions>): KafkaRelay;
  dispose(): Promise<void>;
}

/** A rejoining member waits about the session timeout on the peer: keep it short in tests. */
export const testGroupTimeouts: GroupTimeouts = {
  sessionTimeout: 3_000,
  heartbeatInterval: 300,
  rebalanceTimeout: 2_000,
  maxWaitTimeInMs: 250,
};

export const quietKafka = {
  logLevel: logLevel.NOTHING,
  retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 5 },
};

export const testTopicPlan = async (partitions = 3): Promise<TopicPlan> =>
  topicPlan((await readTopicPlan()).topics.map((topic) => ({ ...topic, partitions })));

export const startKafkaFixture = async ({ relay = true } = {}): Promise<KafkaFixture> => {
  const plan = await testTopicPlan();
  const mock = await startKafkaMock({ topics: plan.topics });
  const databases: TestDatabase[] = [
    await createTestDatabase('kafka_store'),
    await createTestDatabase('kafka_consumer'),
  ];
  const [storeDatabase, consumerDatabase] = databases as [TestDatabase, TestDatabase];
  const { store, db: storeDb } = await openPostgresStore({ connectionString: storeDatabase.url });
  const consumerDb = openPgDatabase({ connectionString: consumerDatabase.url });
  const registry = testRegistry();
  const relays: KafkaRelay[] = [];
  const startRelay = (overrides: Partial<KafkaRelayOptions> = {}) => {
    const relay = startKafkaRelay({
      store,
      registry,
      topics: plan,
      brokers: mock.bootstrapServers,
      kafka: quietKafka,
      backoff: { initialMs: 200, maxMs: 1_000 },
      attemptTimeoutMs: 3_000,
      ...overrides,
    });
    relays.push(relay);
    return relay;
  };
  const buses: EventBus[] = [];
  const openBus = async (overrides: Partial<KafkaBusOptions> = {}) => {
    const bus = await createKafkaBus({
      brokers: mock.bootstrapServers,
      clientId: 'bus-test',
      kafka: quietKafka,
      db: consumerDb,
      registry,
      topicFor: plan.topicFor,
      categories: plan.categories,
      groupTimeouts: testGroupTimeouts,
      handlerBackoff: { initialMs: 50, maxMs: 500 },
      ...overrides,
    });
    buses.push(bus);
    return bus;
  };
  const bus = await openBus();
  return {
    mock,
    plan,
    store,
    storeDb,
    storeUrl: storeDatabase.url,
    consumerDb,
    consumerUrl: consumerDatabase.url,
    bus,
    openBus,
    relay: relay ? startRelay() : undefined,
    startRelay,
    dispose: async () => {
      await Promise.all(buses.map((opened) => opened.close()));
      await Promise.all(relays.map((relay) => relay.stop()));
      await Promise.all([store.close(), consumerDb.close()]);
      await mock.stop();
      await Promise.all(databases.map((database) => database.drop()));
    },
  };
};
