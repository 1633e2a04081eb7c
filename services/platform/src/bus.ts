import { createEmbeddedBus, type ConsumerHealth, type EventBus } from '@digital-post/bus';
import { createKafkaBus, readTopicPlan, startKafkaRelay } from '@digital-post/bus/kafka';
import { createProductRegistry } from '@digital-post/contracts';
import type { OpenedStore } from '@digital-post/event-store';
import type { ReadinessCheck } from '@digital-post/service-kit';
import type { Logger } from 'pino';
import type { PlatformConfig } from './config.ts';
import { kafkaLogsTo } from './kafkaLogs.ts';

export interface OpenedBus {
  bus: EventBus;
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
  const relay =
    config.DIGITAL_POST_RELAY === 'on'
      ? startKafkaRelay({ store: store.store, registry, topics, brokers, kafka })
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
    close: async () => {
      await bus.close();
      await relay?.stop();
    },
  };
};

/**
 * A consumer that went down makes its process unready; /ready names its group. One still joining
 * its group does not: the process answers meanwhile, its read models a little behind.
 */
export const consumerReadiness = ({ groupId, state, reason }: ConsumerHealth): ReadinessCheck => ({
  name: `consumer ${groupId}`,
  check: () => {
    if (state === 'restarting') throw new Error(`consumer ${groupId} is ${state}: ${reason}`);
  },
});
