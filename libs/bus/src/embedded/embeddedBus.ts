import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, EventStore, Subscription } from '@digital-post/event-store';
import type { ConsumerHealth, ConsumerOptions, EventBus, RunningConsumer } from '../bus.ts';
import { Backoff, type BackoffOptions } from '../backoff.ts';
import { restarting, running, StartedConsumers } from '../consumerHealth.ts';
import { ensureConsumerSchema, handleOnce } from '../idempotentConsumer.ts';
import { batchHandlerOf } from '../consumeSpan.ts';
import { lagOnLog } from './lagOnLog.ts';

export interface EmbeddedBusOptions {
  /** Between attempts to start a consumer whose subscription failed as it started. */
  restartBackoff?: BackoffOptions;
}

/**
 * The bus of the embedded default: every consumer follows the store's global log directly, in the
 * same database, so its checkpoint, its processed ids and its own writes share one transaction.
 */
export const createEmbeddedBus = async (
  store: EventStore,
  db: Database,
  options: EmbeddedBusOptions = {},
): Promise<EventBus> => {
  await ensureConsumerSchema(db);
  const consumers = new StartedConsumers();
  const restartBackoff = options.restartBackoff ?? { initialMs: 1_000, maxMs: 30_000 };
  return {
    kind: 'embedded',
    consume: async (consumer) => consumers.add(followLog(store, db, consumer, restartBackoff)),
    ping: async () => void (await db.query('select 1')),
    health: () => consumers.health(),
    lag: () => consumers.lag(),
    close: () => consumers.stopAll(),
  };
};

/**
 * A consumer on its own subscription to the log. Once a subscription runs it retries every
 * failure in place, but one as it starts (its LISTEN session, reading its checkpoint) ends it for
 * good, and the store does not say which kind a failure was. So until the subscription shows that
 * it runs, by handing over a batch or catching up, a failure replaces it by a new one, with
 * backoff; meanwhile the consumer is `restarting`.
 */
const followLog = (
  store: EventStore,
  db: Database,
  options: ConsumerOptions,
  restartBackoff: BackoffOptions,
): RunningConsumer => {
  const { groupId } = options;
  const handle = batchHandlerOf(options, { 'messaging.system': 'embedded' });
  const backoff = new Backoff(restartBackoff);
  const stopping = new AbortController();
  let health: ConsumerHealth = running(groupId);
  let current: Subscription | undefined;
  let replacing = Promise.resolve();

  const subscribe = () => {
    let runs = false;
    const ran = () => {
      if (runs) return;
      runs = true;
      if (subscription !== current) return;
      health = running(groupId);
      backoff.succeeded();
    };
    const subscription = store.subscribe({
      subscriptionId: `bus:${groupId}`,
      ...(options.categories && { categories: options.categories }),
      ...(options.eventTypes && { eventTypes: options.eventTypes }),
      handle: async (batch, tx) => {
        ran();
        await handleOnce(tx, groupId, batch, handle);
      },
      onError: (error) => {
        options.onError?.(error);
        if (!runs) failed(subscription, error);
      },
    });
    current = subscription;
    void subscription.caughtUp().then(ran);
  };

  const failed = (subscription: Subscription, error: unknown) => {
    if (subscription !== current || stopping.signal.aborted) return;
    current = undefined;
    health = restarting(groupId, error);
    backoff.failed();
    replacing = (async () => {
      await subscription.stop().catch(() => undefined);
      await sleep(backoff.remainingMs, undefined, { signal: stopping.signal });
      subscribe();
    })().catch(() => undefined); // stopped while waiting
  };

  subscribe();
  return {
    health: () => health,
    lag: () => lagOnLog(db, `bus:${groupId}`, options),
    stop: async () => {
      stopping.abort();
      await replacing;
      await current?.stop();
    },
  };
};
