import type {
  Redecision,
  RedecisionPort,
  RedecisionRequest,
  RoutedLetter,
} from '@digital-post/contracts';
import type { EventStore, RecordedEvent } from '@digital-post/event-store';
import { mailboxIdOf } from '../recipients/mailboxId.ts';
import { addresseeStreams, hopsOf, MAX_FORWARDING_CHAIN } from '../routing/routeAcceptedLetter.ts';
import { followForwardingRules } from '../routing/resolveRoute.ts';
import { routingDecider, type RouteLetter } from '../routing/routingDecider.ts';
import type { RoutingEvent } from '../routing/routingEvents.ts';
import { lookupsFromStreams, ruleFactsOfHops, type History } from '../routing/streamLookups.ts';

export interface RedecisionDeps {
  store: Pick<EventStore, 'readStream' | 'readStreams'>;
  /** This release's name, on every answer: the trusted release that re-decided. */
  release: string;
  /** Most forwarding rules one letter may follow, as the consumer's. */
  maxForwardingChain?: number;
}

/**
 * Decides letters again with this release's own route finding (never a replaced resolver) and
 * the delivery invariant, as the consumer would, but from the log as it stood before each
 * recorded decision. The addressees' streams of a batch are read in one query; a rule target's,
 * rarer, as it is met, and kept for the rest of the batch.
 */
/** Each stream of a batch read at most once: the addressees' at once, a rule target's as met. */
export type StreamsOf = (streamId: string) => Promise<RecordedEvent[]>;

export const batchStreams = async (
  store: RedecisionDeps['store'],
  letters: readonly RedecisionRequest[],
): Promise<StreamsOf> => {
  const wanted = [...new Set(letters.flatMap((letter) => addresseeStreams(letter.addressee)))];
  const streams = await store.readStreams(wanted);
  // Absent from the answer is empty (most addressees have no forwarding rules): not read again.
  for (const streamId of wanted) if (!streams.has(streamId)) streams.set(streamId, []);
  return async (streamId) => {
    let events = streams.get(streamId);
    if (!events) streams.set(streamId, (events = await store.readStream(streamId)));
    return events;
  };
};

/**
 * Decides letters again with this release's own route finding (never a replaced resolver) and
 * the delivery invariant, as the consumer would, but from the log as it stood before each
 * recorded decision.
 */
export const redecisionOf = (deps: RedecisionDeps): Pick<RedecisionPort, 'redecide'> => ({
  redecide: async (letters) => {
    const streamOf = await batchStreams(deps.store, letters);
    const answers: Redecision[] = [];
    for (const letter of letters) {
      const route = await trustedRoute(deps, letter, NOT_DECISIVE, streamOf);
      const [decision] = routingDecider.decide(route, routingDecider.initialState());
      answers.push({ messageId: letter.messageId, release: deps.release, ...outcomeOf(decision!) });
    }
    return answers;
  },
});

/** The command this release's consumer would have decided the letter by, from the facts then. */
export const trustedRoute = async (
  deps: RedecisionDeps,
  letter: RedecisionRequest,
  routed: RoutedLetter,
  streamOf: StreamsOf,
): Promise<RouteLetter> => {
  // The facts then: what the log held before the recorded decision.
  const history: History = async (streamId) =>
    (await streamOf(streamId)).filter((event) => event.globalPosition < letter.before);
  const { addressee, at, messageId } = letter;
  const { maxForwardingChain = MAX_FORWARDING_CHAIN, release } = deps;
  const request = { addressee, at, maxForwardingChain };
  const proposal = await followForwardingRules(request, lookupsFromStreams(history));
  return {
    type: 'RouteLetter',
    messageId,
    addresseeMailboxId: mailboxIdOf(addressee),
    letter: routed,
    proposal,
    rules: await ruleFactsOfHops(history, hopsOf(proposal)),
    at,
    release,
    maxForwardingChain,
  };
};

/** Where a letter goes does not depend on what it says or who sent it. */
const NOT_DECISIVE: RoutedLetter = {
  senderId: '',
  legalNotification: false,
  replyAllowed: false,
  inReplyTo: null,
  doNotDeliverUntil: null,
};

type Outcome =
  | Omit<Extract<Redecision, { outcome: 'routed' }>, 'messageId' | 'release'>
  | Omit<Extract<Redecision, { outcome: 'held' }>, 'messageId' | 'release'>;

export const outcomeOf = (decision: RoutingEvent): Outcome => {
  if (decision.type === 'MessageRouted') {
    const { channel, recipientMailboxId, forwardingRuleId, forwardingRuleVersion } = decision.data;
    return {
      outcome: 'routed',
      channel,
      recipientMailboxId: recipientMailboxId ?? null,
      forwardingRuleId: forwardingRuleId ?? null,
      forwardingRuleVersion: forwardingRuleVersion ?? null,
    };
  }
  if (decision.type === 'MessageHeld') {
    const { reason, refusedMailboxId } = decision.data;
    return { outcome: 'held', reason, refusedMailboxId: refusedMailboxId ?? null };
  }
  throw new Error(`a routing decision is never ${decision.type}`);
};
