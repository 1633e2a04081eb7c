import { mayForward } from '../recipients/mailboxId.ts';

/**
 * The delivery invariant, checked before any delivery is appended (February 2021: a faulty
 * release forwarded authorities' post to wrong recipients). A letter goes only to its addressee,
 * or along forwarding rules: the first owned by the addressee, each next one owned by the
 * previous rule's target, every one active at the moment of the decision, no mailbox twice, and
 * no more rules than the limit. It is checked against rule facts loaded apart from whatever
 * proposed the route, so a fault in the proposing code is caught rather than repeated.
 */

export interface ForwardingHop {
  fromMailboxId: string;
  ruleId: string;
  ruleVersion: number;
  toMailboxId: string;
}

/** Where a decision would send a letter. For paper post the target is the addressee's id. */
export interface ProposedDelivery {
  channel: 'digital' | 'paper' | 'forwarded';
  targetMailboxId: string;
  hops: ForwardingHop[];
}

/** One version of one forwarding rule, and when it was in force: [validFrom, validTo). */
export interface RuleFact {
  ruleId: string;
  ruleVersion: number;
  mailboxId: string;
  targetMailboxId: string;
  validFrom: string;
  validTo: string | null;
}

export interface InvariantInput {
  addresseeMailboxId: string;
  delivery: ProposedDelivery;
  /** Facts of at least every rule the delivery names; more do no harm. */
  rules: readonly RuleFact[];
  /** The moment of the decision (ISO 8601). */
  at: string;
  maxForwardingChain: number;
}

export type InvariantViolation =
  | 'wrong_target'
  | 'channel_mismatch'
  | 'paper_to_authority'
  | 'broken_chain'
  | 'owner_cannot_forward'
  | 'rule_unknown'
  | 'rule_not_owned'
  | 'rule_target_mismatch'
  | 'rule_inactive'
  | 'forwarding_loop'
  | 'chain_too_long';

export type InvariantVerdict =
  { holds: true } | { holds: false; violation: InvariantViolation; hop: ForwardingHop | null };

const HOLDS: InvariantVerdict = { holds: true };

export const checkDeliveryInvariant = (input: InvariantInput): InvariantVerdict => {
  const { delivery } = input;
  if (delivery.hops.length > input.maxForwardingChain) return broken('chain_too_long', null);
  if (hasLoop(input.addresseeMailboxId, delivery.hops)) return broken('forwarding_loop', null);
  if ((delivery.channel === 'forwarded') !== delivery.hops.length > 0) {
    return broken('channel_mismatch', null);
  }
  // An authority always has a mailbox; its post is never printed.
  if (delivery.channel === 'paper' && input.addresseeMailboxId.startsWith('authority:')) {
    return broken('paper_to_authority', null);
  }
  const hopVerdict = checkHops(input);
  if (!hopVerdict.holds) return hopVerdict;
  const entitled = delivery.hops.at(-1)?.toMailboxId ?? input.addresseeMailboxId;
  return delivery.targetMailboxId === entitled ? HOLDS : broken('wrong_target', null);
};

const broken = (violation: InvariantViolation, hop: ForwardingHop | null): InvariantVerdict => ({
  holds: false,
  violation,
  hop,
});

/** A mailbox met twice, the addressee included, is a loop: the letter would never arrive. */
const hasLoop = (addressee: string, hops: readonly ForwardingHop[]): boolean => {
  const visited = [addressee, ...hops.map((hop) => hop.toMailboxId)];
  return new Set(visited).size !== visited.length;
};

const checkHops = ({
  addresseeMailboxId,
  delivery,
  rules,
  at,
}: InvariantInput): InvariantVerdict => {
  let owner = addresseeMailboxId;
  for (const hop of delivery.hops) {
    const violation = hopViolation(hop, owner, rules, at);
    if (violation) return broken(violation, hop);
    owner = hop.toMailboxId;
  }
  return HOLDS;
};

const hopViolation = (
  hop: ForwardingHop,
  owner: string,
  rules: readonly RuleFact[],
  at: string,
): InvariantViolation | undefined => {
  if (hop.fromMailboxId !== owner) return 'broken_chain';
  if (!mayForward(owner)) return 'owner_cannot_forward';
  const fact = rules.find((r) => r.ruleId === hop.ruleId && r.ruleVersion === hop.ruleVersion);
  if (!fact) return 'rule_unknown';
  if (fact.mailboxId !== owner) return 'rule_not_owned';
  if (fact.targetMailboxId !== hop.toMailboxId) return 'rule_target_mismatch';
  return isActiveAt(fact, at) ? undefined : 'rule_inactive';
};

/** In force from `validFrom` (inclusive) until `validTo` (exclusive). */
export const isActiveAt = (fact: Pick<RuleFact, 'validFrom' | 'validTo'>, at: string): boolean => {
  const moment = Date.parse(at);
  return (
    Date.parse(fact.validFrom) <= moment &&
    (fact.validTo === null || moment < Date.parse(fact.validTo))
  );
};
