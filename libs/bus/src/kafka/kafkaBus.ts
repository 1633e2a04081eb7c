import type { ConsumerConfig, Kafka } from 'kafkajs';
import type { Database } from '@digital-post/event-store';
import type { ConsumerOptions, EventBus, RunningConsumer } from '../bus.ts';
import { ensureConsumerSchema } from '../idempotentConsumer.ts';
import { stalled, StartedConsumers } from '../consumerHealth.ts';
import { batchHandlerOf } from '../consumeSpan.ts';
import { defaultBackoff, type BackoffOptions } from '../backoff.ts';
import { kafkaClient, type KafkaConnectionOptions } from './client.ts';
import { deliverBatch } from './deliver.ts';
import type { EventDataCodec } from './envelope.ts';
import { joinGroup } from './groupMember.ts';
import { lagOnKafka, PendingTimes } from './lagOnKafka.ts';
import { FoundGaps } from './offsetGaps.ts';

/**
 * The bus at scale: consumers read Kafka topics that the relay fills from the store. Offsets are
 * committed by hand after the consumer's own transaction, so Kafka's offset never runs ahead of
 * what the consumer has done.
 */
export interface KafkaBusOptions extends KafkaConnectionOptions {
  /** The consumers' own database: their side effects, processed ids and checkpoints. */
  db: Database;
  /** Reads each event's data, as the newest version of its contract. */
  registry: EventDataCodec;
  topicFor(category: string): string;
  /** What a consumer that names no categories gets: every published category. */
  categories?: string[];
  groupTimeouts?: GroupTimeouts;
  /** Between attempts at an event whose handler failed. */
  handlerBackoff?: BackoffOptions;
  /** Between attempts to replace a consumer that kafkajs left stopped after a crash. */
  restartBackoff?: BackoffOptions;
  /**
   * How many of its partitions' batches a member handles side by side, each in a transaction of
   * its own: a stream's events share a partition, so their order holds, and one batch's wait on
   * the database does not hold up the others. Four unless said (one took a mass sending over
   * Kafka from 673 down to 414 letters/s). A member killed with several batches in hand leaves
   * each uncommitted, on Kafka and in the database, and its successor takes each again.
   */
  partitionsAtOnce?: number;
}

/** Consumer group timing; tests shorten it, since a rejoining member waits about a session. */
export type GroupTimeouts = Pick<
  ConsumerConfig,
  'sessionTimeout' | 'heartbeatInterval' | 'rebalanceTimeout' | 'maxWaitTimeInMs'
>;

export const createKafkaBus = async (options: KafkaBusOptions): Promise<EventBus> => {
  await ensureConsumerSchema(options.db);
  const kafka = kafkaClient(options);
  const consumers = new StartedConsumers();

  const consume = async (consumerOptions: ConsumerOptions): Promise<RunningConsumer> => {
    const topics = topicsOf(consumerOptions, options);
    const handle = batchHandlerOf(consumerOptions, { 'messaging.system': 'kafka' });
    const pending = new PendingTimes();
    const gaps = new FoundGaps();
    const member = await joinGroup({
      kafka,
      config: {
        groupId: consumerOptions.groupId,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 1_000,
        ...options.groupTimeouts,
      },
      topics,
      run: {
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsAtOnce ?? 4,
        eachBatch: (payload) =>
          deliverBatch(payload, {
            db: options.db,
            pending,
            registry: options.registry,
            consumer: consumerOptions,
            handle,
            handlerBackoff: options.handlerBackoff ?? { ...defaultBackoff, initialMs: 200 },
            gaps,
          }),
      },
      restartBackoff: options.restartBackoff ?? defaultBackoff,
      ...(consumerOptions.onError && { onError: consumerOptions.onError }),
    });
    const { groupId } = consumerOptions;
    const health = () => {
      const gap = gaps.describe();
      return gap ? stalled(groupId, gap) : member.health();
    };
    return consumers.add({
      ...member,
      health,
      lag: () => lagOnKafka(kafka, groupId, topics, pending),
    });
  };

  return {
    kind: 'kafka',
    consume,
    ping: () => pingBrokers(kafka),
    health: () => consumers.health(),
    lag: () => consumers.lag(),
    close: () => consumers.stopAll(),
  };
};

/** Asks the cluster for its brokers over a short-lived admin connection, without retries. */
const pingBrokers = async (kafka: Kafka): Promise<void> => {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
};

const topicsOf = (
  { categories }: ConsumerOptions,
  { topicFor, categories: published }: KafkaBusOptions,
): string[] => {
  const wanted = categories ?? published;
  if (!wanted) throw new Error('name the categories to consume: the bus knows no default list');
  return [...new Set(wanted.map((category) => topicFor(category)))];
};
