import type { EventBus, RunningConsumer } from '@digital-post/bus';
import { projectIncoming } from './projection.ts';

export const INCOMING_CONSUMER_GROUP = 'sender-api-incoming';

/** Follows the mailboxes' deliveries for the letters that reach an authority. */
export const startIncomingConsumer = (
  bus: EventBus,
  onError?: (error: unknown) => void,
): Promise<RunningConsumer> =>
  bus.consume({
    groupId: INCOMING_CONSUMER_GROUP,
    categories: ['mailbox'],
    eventTypes: ['MessageDelivered'],
    handleBatch: (events, tx) => projectIncoming(tx, events),
    ...(onError && { onError }),
  });
