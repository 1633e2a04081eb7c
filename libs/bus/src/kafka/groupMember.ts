import { setTimeout as sleep } from 'node:timers/promises';
import type {
  Consumer,
  ConsumerConfig,
  ConsumerCrashEvent,
  ConsumerRunConfig,
  Kafka,
} from 'kafkajs';
import type { ConsumerHealth, RunningConsumer } from '../bus.ts';
import { Backoff, type BackoffOptions } from '../backoff.ts';
import { joining, restarting, running } from '../consumerHealth.ts';

/** What it takes to start a kafkajs consumer of the group, as often as needed. */
export interface MemberPlan {
  kafka: Kafka;
  config: ConsumerConfig;
  topics: string[];
  run: ConsumerRunConfig;
  /** Between attempts to replace a consumer that kafkajs left stopped. */
  restartBackoff: BackoffOptions;
  onError?(error: unknown): void;
}

/**
 * This process's member of a consumer group, which comes back after any crash. kafkajs restarts
 * a consumer that crashed on an error it deems retriable; after any other (the group id not found
 * once the cluster was restored empty, say) it leaves it stopped for good. Then a new kafkajs
 * consumer takes its place, with backoff, until one joins the group. Until then the member is
 * `restarting`, so its process is not ready. A new group, or one lost with the cluster's state,
 * reads from the oldest retained event; the processed ids drop what it had already handled.
 *
 * Resolves once the consumer is connected and subscribed, without waiting for the group to take
 * it in (`joining` until then): after a restart the group waits out the old member's session,
 * half a minute in production, and the process must not wait with it. Rejects when the first
 * consumer cannot connect or subscribe.
 */
export const joinGroup = async (plan: MemberPlan): Promise<Omit<RunningConsumer, 'lag'>> => {
  const { groupId } = plan.config;
  const backoff = new Backoff(plan.restartBackoff);
  const stopping = new AbortController();
  let health: ConsumerHealth = joining(groupId);
  let current: Consumer | undefined;
  let replacing = Promise.resolve();

  const start = async (): Promise<void> => {
    const consumer = plan.kafka.consumer(plan.config);
    current = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => joined(consumer));
    consumer.on(consumer.events.CRASH, ({ payload }) => crashed(consumer, payload));
    await subscribe(consumer, plan.topics).catch((error: unknown) => {
      current = undefined;
      throw error;
    });
    // Not awaited: it resolves on joining. A failure to join comes as a crash event.
    void consumer
      .run(plan.run)
      .catch((error: Error) => crashed(consumer, { error, groupId, restart: false }));
  };

  // After each rebalance too, and after kafkajs restarted the consumer by itself.
  const joined = (consumer: Consumer) => {
    if (consumer !== current) return;
    health = running(groupId);
    backoff.succeeded();
  };

  const crashed = (consumer: Consumer, { error, restart }: ConsumerCrashEvent['payload']) => {
    plan.onError?.(error);
    if (consumer !== current || stopping.signal.aborted) return;
    health = restarting(groupId, error);
    if (restart) return; // kafkajs starts it again; `joined` tells when it is back
    current = undefined;
    replacing = replace(consumer);
  };

  const replace = async (stopped: Consumer): Promise<void> => {
    await stopped.disconnect().catch(() => undefined);
    while (!stopping.signal.aborted) {
      backoff.failed();
      try {
        await sleep(backoff.remainingMs, undefined, { signal: stopping.signal });
        // A crash while joining comes as an event, and starts the next replacement from there.
        return await start();
      } catch (error) {
        if (stopping.signal.aborted) return;
        plan.onError?.(error);
        health = restarting(groupId, error);
      }
    }
  };

  await start();
  return {
    health: () => health,
    stop: async () => {
      stopping.abort();
      await replacing;
      await current?.disconnect();
    },
  };
};

/** Connects and subscribes the consumer, or leaves it disconnected. */
const subscribe = async (consumer: Consumer, topics: string[]): Promise<void> => {
  try {
    await consumer.connect();
    // From the oldest retained event: a new group, or one lost with the cluster, is not behind.
    await consumer.subscribe({ topics, fromBeginning: true });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
};
