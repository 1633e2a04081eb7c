import type { Reachability } from '@digital-post/contracts';
import type { ForwardingHop, ProposedDelivery, RuleFact } from '../invariant/deliveryInvariant.ts';
import { mailboxIdOf, parseMailboxId, type Recipient } from '../recipients/mailboxId.ts';

/** What the router may look up while proposing a route; answered from its read models. */
export interface RoutingLookups {
  reachabilityOf(recipient: Recipient, at: string): Promise<Reachability>;
  activeRuleOf(mailboxId: string, at: string): Promise<RuleFact | undefined>;
}

export interface RouteRequest {
  addressee: Recipient;
  at: string;
  maxForwardingChain: number;
}

export type RoutingBasis =
  'recipient_enrolled' | 'recipient_exempt' | 'recipient_not_enrolled' | 'forwarding_rule';

export type RefusalReason =
  'forwarding_loop' | 'forwarding_chain_too_long' | 'forwarding_target_unreachable';

/** A route to check, or a refusal found while following the rules (with the path so far). */
export type RouteProposal =
  | { kind: 'deliver'; delivery: ProposedDelivery; basis: RoutingBasis }
  | { kind: 'refuse'; reason: RefusalReason; hops: ForwardingHop[] };

/** Proposes a route; whatever it proposes is checked by the delivery invariant afterwards. */
export type RouteResolver = (
  request: RouteRequest,
  lookups: RoutingLookups,
) => Promise<RouteProposal>;

/**
 * The addressee's reachability first: paper post goes to the addressee and is never forwarded.
 * Then the addressee's active forwarding rule, then its target's, up to the limit.
 */
export const followForwardingRules: RouteResolver = async (request, lookups) => {
  const { addressee, at } = request;
  const addresseeMailbox: string = mailboxIdOf(addressee);
  const reach = await lookups.reachabilityOf(addressee, at);
  if (reach.channel === 'paper') {
    const basis = reach.reason === 'exempt' ? 'recipient_exempt' : 'recipient_not_enrolled';
    return { kind: 'deliver', delivery: direct('paper', addresseeMailbox), basis };
  }
  const hops: ForwardingHop[] = [];
  for (let owner = addresseeMailbox; ;) {
    const rule = await lookups.activeRuleOf(owner, at);
    if (!rule) break;
    const hop = {
      fromMailboxId: owner,
      ruleId: rule.ruleId,
      ruleVersion: rule.ruleVersion,
      toMailboxId: rule.targetMailboxId,
    };
    const refusal = await refusalOf(
      hop,
      [addresseeMailbox, ...hops.map((h) => h.toMailboxId)],
      request,
      lookups,
    );
    hops.push(hop);
    if (refusal) return { kind: 'refuse', reason: refusal, hops };
    owner = hop.toMailboxId;
  }
  if (hops.length === 0) {
    return {
      kind: 'deliver',
      delivery: direct('digital', addresseeMailbox),
      basis: 'recipient_enrolled',
    };
  }
  const delivery = {
    channel: 'forwarded' as const,
    targetMailboxId: hops.at(-1)!.toMailboxId,
    hops,
  };
  return { kind: 'deliver', delivery, basis: 'forwarding_rule' };
};

const direct = (channel: 'digital' | 'paper', targetMailboxId: string): ProposedDelivery => ({
  channel,
  targetMailboxId,
  hops: [],
});

const refusalOf = async (
  hop: ForwardingHop,
  visited: string[],
  request: RouteRequest,
  lookups: RoutingLookups,
): Promise<RefusalReason | undefined> => {
  if (visited.includes(hop.toMailboxId)) return 'forwarding_loop';
  if (visited.length > request.maxForwardingChain) return 'forwarding_chain_too_long';
  const target = parseMailboxId(hop.toMailboxId);
  const reach = target && (await lookups.reachabilityOf(target, request.at));
  return reach?.channel === 'digital' ? undefined : 'forwarding_target_unreachable';
};
