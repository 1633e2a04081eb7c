import {
  enrollmentStreamOf,
  reachabilityFromHistory,
  type ReachabilityPort,
} from '@digital-post/contracts';
import type { EventStore } from '@digital-post/event-store';

/**
 * The one answer to "can this recipient get Digital Post now?", for senders: the subject's
 * enrollment stream folded by the published rule routing folds it with, so what a sender is told
 * is what routing then does. Authorities always have a mailbox.
 */
export const createReachability = (deps: {
  store: Pick<EventStore, 'readStream'>;
  now: () => Date;
}): ReachabilityPort => ({
  reachability: async (recipient) => {
    if (recipient.kind === 'authority') return { channel: 'digital', reason: 'authority' };
    const history = await deps.store.readStream(enrollmentStreamOf(recipient));
    return reachabilityFromHistory(history, deps.now().toISOString());
  },
});
