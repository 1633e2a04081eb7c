import type { EventBus, RunningConsumer } from '@digital-post/bus';
import { projectStatusEventsOnce } from './projection.ts';
import { statusEventTypes } from './statusEntry.ts';

export const STATUS_CONSUMER_GROUP = 'sender-api-status';

/**
 * Follows the letters' streams (acceptance, routing, the mailbox's delivery and opens) and the
 * notices sent of them.
 */
export const startStatusConsumer = (
  bus: EventBus,
  onError?: (error: unknown) => void,
): Promise<RunningConsumer> =>
  bus.consume({
    groupId: STATUS_CONSUMER_GROUP,
    categories: ['message', 'written', 'routing', 'mailbox', 'notification'],
    eventTypes: statusEventTypes,
    handleBatch: (events, tx) => projectStatusEventsOnce(tx, events),
    ...(onError && { onError }),
  });
