import type { EventStore, Database, Subscription } from '@digital-post/event-store';
import type { EventBus, RunningConsumer } from '../bus.ts';
import { ensureConsumerSchema, handleOnce } from '../idempotentConsumer.ts';
import { inConsumeSpan } from '../consumeSpan.ts';

/**
 * The bus of the embedded default: every consumer follows the store's global log directly, in the
 * same database, so its checkpoint, its processed ids and its own writes share one transaction.
 */
export const createEmbeddedBus = async (store: EventStore, db: Database): Promise<EventBus> => {
  await ensureConsumerSchema(db);
  const running = new Set<Subscription>();
  return {
    kind: 'embedded',
    consume: async (options) => {
      const subscription = store.subscribe({
        subscriptionId: `bus:${options.groupId}`,
        ...(options.categories && { categories: options.categories }),
        ...(options.eventTypes && { eventTypes: options.eventTypes }),
        handle: async (batch, tx) => {
          for (const event of batch) {
            await inConsumeSpan(event, { 'messaging.system': 'embedded' }, () =>
              handleOnce(tx, options.groupId, event, options.handle),
            );
          }
        },
        ...(options.onError && { onError: options.onError }),
      });
      running.add(subscription);
      return consumerOf(subscription, running);
    },
    ping: async () => void (await db.query('select 1')),
    close: async () => {
      await Promise.all([...running].map((subscription) => subscription.stop()));
    },
  };
};

const consumerOf = (subscription: Subscription, running: Set<Subscription>): RunningConsumer => ({
  stop: async () => {
    running.delete(subscription);
    await subscription.stop();
  },
});
