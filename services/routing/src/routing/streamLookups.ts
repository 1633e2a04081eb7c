import {
  enrollmentStreamOf,
  reachabilityFromHistory,
  type ForwardingRuleAdded,
  type ForwardingRuleRemoved,
} from '@digital-post/contracts';
import type { EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { dataOf } from '@digital-post/service-kit';
import { forwardingStreamOf } from '../forwarding/forwardingDecider.ts';
import type { ForwardingHop, RuleFact } from '../invariant/deliveryInvariant.ts';
import type { RoutingLookups } from './resolveRoute.ts';

/** A stream's events as a decision may see them. */
export type History = (streamId: string) => Promise<readonly RecordedEvent[]>;

/** The streams as the consumer's transaction sees them. */
export const historyIn =
  (store: Pick<EventStore, 'readStream'>, tx: SqlExecutor): History =>
  (streamId) =>
    store.readStream(streamId, { tx });

/**
 * Routing decides from the owners' streams in the store, read in the consumer's transaction,
 * not from read models: at scale the letters, the enrollments and the rules travel on different
 * Kafka topics with no order between them, so a read model could lag the letter it routes. The
 * store is the record every decision can be replayed against. An addressee's enrollment stream
 * is folded by the rule the enrollment service publishes (in contracts) and answers senders
 * with, so what a sender is told and what routing does can never disagree.
 */
export const lookupsFromStreams = (history: History): RoutingLookups => ({
  reachabilityOf: async (recipient, at) => {
    if (recipient.kind === 'authority') return { channel: 'digital', reason: 'authority' };
    // As written, of any version: the fold reads what every version has, skips other types.
    return reachabilityFromHistory(await history(enrollmentStreamOf(recipient)), at);
  },
  activeRuleOf: async (mailboxId, at) =>
    (await ruleFactsOfMailbox(history, mailboxId)).find((fact) => isInForce(fact, at)),
});

/** Every version of the rules a route's hops used, from the streams of the mailboxes they left. */
export const ruleFactsOfHops = async (
  history: History,
  hops: readonly ForwardingHop[],
): Promise<RuleFact[]> => {
  const owners = [...new Set(hops.map((hop) => hop.fromMailboxId))];
  const ruleIds = new Set(hops.map((hop) => hop.ruleId));
  // One after the other: a transaction's connection runs one statement at a time.
  const facts: RuleFact[] = [];
  for (const owner of owners) facts.push(...(await ruleFactsOfMailbox(history, owner)));
  return facts.filter((fact) => ruleIds.has(fact.ruleId));
};

const isInForce = (fact: RuleFact, at: string): boolean =>
  fact.validFrom <= at && (fact.validTo === null || fact.validTo > at);

/** A mailbox's rule versions with the interval each was in force, as the read model keeps them. */
const ruleFactsOfMailbox = async (history: History, mailboxId: string): Promise<RuleFact[]> => {
  const facts: RuleFact[] = [];
  for (const event of await history(forwardingStreamOf(mailboxId))) {
    applyRuleEvent(facts, event);
  }
  return facts;
};

const applyRuleEvent = (facts: RuleFact[], event: RecordedEvent): void => {
  if (event.type === 'ForwardingRuleAdded') {
    const rule = dataOf<ForwardingRuleAdded>(event);
    // A new version replaces the one in force: it ends when the new one starts.
    for (const fact of facts) {
      if (fact.ruleId === rule.ruleId && fact.validTo === null) fact.validTo = rule.addedAt;
    }
    const { ruleId, ruleVersion, mailboxId, targetMailboxId, addedAt } = rule;
    facts.push({
      ruleId,
      ruleVersion,
      mailboxId,
      targetMailboxId,
      validFrom: addedAt,
      validTo: null,
    });
  } else if (event.type === 'ForwardingRuleRemoved') {
    const rule = dataOf<ForwardingRuleRemoved>(event);
    const fact = facts.find((f) => f.ruleId === rule.ruleId && f.ruleVersion === rule.ruleVersion);
    if (fact && fact.validTo === null) fact.validTo = rule.removedAt;
  }
};
