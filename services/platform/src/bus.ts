import { createEmbeddedBus, type ConsumerHealth, type EventBus } from '@digital-post/bus';
import {
  createKafkaBus,
  readTopicPlan,
  startKafkaRelay,
  type KafkaRelay,
} from '@digital-post/bus/kafka';
import { createProductRegistry } from '@digital-post/contracts';
import type { OpenedStore } from '@digital-post/event-store';
import type { ReadinessCheck } from '@digital-post/service-kit';
import type { Logger } from 'pino';
import type { PlatformConfig } from './config.ts';
import { kafkaLogsTo } from './kafkaLogs.ts';

export interface OpenedBus {
  bus: EventBus;
  /** On Kafka, where this process may read the log: what is published, and its relay if on. */
  kafka?: { categories: string[]; relay: KafkaRelay | undefined };
  /** Stops consumers first (they store their checkpoints), then the relay. */
  close(): Promise<void>;
}

/** The embedded bus on the store's log, or Kafka with the relay when brokers are configured. */
export const openBus = async (
  config: PlatformConfig,
  store: OpenedStore,
  logger: Logger,
): Promise<OpenedBus> => {
  const brokers = config.DIGITAL_POST_KAFKA_BROKERS;
  if (!brokers) {
    const bus = await createEmbeddedBus(store.store, store.db);
    return { bus, close: () => bus.close() };
  }
  const registry = createProductRegistry();
  const topics = await readTopicPlan();
  const kafka = { logCreator: kafkaLogsTo(logger) };
  // Every process that may read the log runs the relay; their lease lets one publish at a time.
  const readsLog = config.DIGITAL_POST_SERVICES.some((service) => service !== 'gateway');
  const relay =
    config.DIGITAL_POST_RELAY === 'on' && readsLog
      ? startKafkaRelay({
          store: store.store,
          registry,
          topics,
          brokers,
          kafka,
          onError: (error) => logger.warn({ err: error }, 'relay: publishing failed'),
        })
      : undefined;
  const bus = await createKafkaBus({
    brokers,
    clientId: 'digital-post',
    kafka,
    db: store.db,
    registry,
    topicFor: topics.topicFor,
    categories: topics.categories,
  });
  return {
    bus,
    ...(readsLog && { kafka: { categories: topics.categories, relay } }),
    close: async () => {
      await bus.close();
      await relay?.stop();
    },
  };
};

/** A relay that holds the lease and cannot publish makes its process unready. */
export const relayReadiness = (relay: KafkaRelay): ReadinessCheck => ({
  name: 'relay',
  check: () => {
    const { state, reason } = relay.status();
    if (state === 'failing') throw new Error(`relay cannot publish: ${reason}`);
  },
});

/**
 * A consumer that went down makes its process unready; /ready names its group. One still joining
 * its group does not: the process answers meanwhile, its read models a little behind.
 */
export const consumerReadiness = ({ groupId, state, reason }: ConsumerHealth): ReadinessCheck => ({
  name: `consumer ${groupId}`,
  check: () => {
    if (state === 'restarting' || state === 'stalled') {
      throw new Error(`consumer ${groupId} is ${state}: ${reason}`);
    }
  },
});
