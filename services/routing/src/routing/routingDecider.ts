import type { MessagePrinted, RoutedLetter } from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import {
  checkDeliveryInvariant,
  type ForwardingHop,
  type InvariantViolation,
  type RuleFact,
} from '../invariant/deliveryInvariant.ts';
import type { RouteProposal } from './resolveRoute.ts';
import type { HoldReason, RoutingEvent } from './routingEvents.ts';

/**
 * One letter's routing (stream `routing-<messageId>`): decided once. A proposed route becomes
 * MessageRouted only when the delivery invariant holds on the rule facts given; otherwise the
 * letter is held for an operator with the refused target, rule and release recorded.
 */

export interface RouteLetter {
  type: 'RouteLetter';
  messageId: string;
  addresseeMailboxId: string;
  /** What the recipient's mailbox needs to deliver it, carried on the decision. */
  letter: RoutedLetter;
  proposal: RouteProposal;
  /** Facts of the rules the proposal names, loaded apart from the proposal. */
  rules: readonly RuleFact[];
  at: string;
  release: string;
  maxForwardingChain: number;
}

export interface RecordPrint {
  type: 'RecordPrint';
  printed: Omit<MessagePrinted, 'messageId'>;
  messageId: string;
}

/**
 * Remediation: the letter routed again as `route` says (this release's decision from the facts
 * of the first decision's time), under the operator's case, when its latest decision differs.
 */
export interface Redirect {
  type: 'Redirect';
  route: RouteLetter;
  caseReference: string;
}

export type RoutingCommand = RouteLetter | RecordPrint | Redirect;

/** Where a routed letter went: what a redirect compares. */
interface Target {
  channel: 'digital' | 'paper' | 'forwarded';
  recipientMailboxId: string | null;
  forwardingRuleId: string | null;
}

export interface RoutingState {
  status: 'unrouted' | 'routed' | 'held';
  channel: Target['channel'] | null;
  target: Target | null;
  /** What delivery needs of the letter, as the latest decision carried it (null before v3). */
  letter: RoutedLetter | null;
  printed: boolean;
}

const holdReasonFor: Record<InvariantViolation, HoldReason> = {
  forwarding_loop: 'forwarding_loop',
  chain_too_long: 'forwarding_chain_too_long',
  wrong_target: 'delivery_invariant_violated',
  channel_mismatch: 'delivery_invariant_violated',
  paper_to_authority: 'delivery_invariant_violated',
  broken_chain: 'delivery_invariant_violated',
  owner_cannot_forward: 'delivery_invariant_violated',
  rule_unknown: 'delivery_invariant_violated',
  rule_not_owned: 'delivery_invariant_violated',
  rule_target_mismatch: 'delivery_invariant_violated',
  rule_inactive: 'delivery_invariant_violated',
};

const held = (
  command: RouteLetter,
  reason: HoldReason,
  refusedMailboxId: string | null,
  hop: ForwardingHop | undefined,
): RoutingEvent => ({
  type: 'MessageHeld',
  schemaVersion: 2,
  data: {
    messageId: command.messageId,
    reason,
    heldUntil: null,
    heldAt: command.at,
    refusedMailboxId,
    forwardingRuleId: hop?.ruleId ?? null,
    forwardingRuleVersion: hop?.ruleVersion ?? null,
    routerRelease: command.release,
  },
});

const route = (command: RouteLetter): RoutingEvent[] => {
  const { proposal, messageId, at } = command;
  if (proposal.kind === 'refuse') {
    return [
      held(
        command,
        proposal.reason,
        proposal.hops.at(-1)?.toMailboxId ?? null,
        proposal.hops.at(-1),
      ),
    ];
  }
  const { delivery, basis } = proposal;
  const verdict = checkDeliveryInvariant({
    addresseeMailboxId: command.addresseeMailboxId,
    delivery,
    rules: command.rules,
    at,
    maxForwardingChain: command.maxForwardingChain,
  });
  if (!verdict.holds) {
    const hop = verdict.hop ?? delivery.hops.at(-1);
    return [held(command, holdReasonFor[verdict.violation], delivery.targetMailboxId, hop)];
  }
  // MessageRouted names the last rule: the one whose target receives the letter.
  const last = delivery.hops.at(-1);
  const routed: RoutingEvent = {
    type: 'MessageRouted',
    schemaVersion: 5,
    data: {
      messageId,
      channel: delivery.channel,
      // Paper post goes to a person or company, not into a mailbox.
      recipientMailboxId: delivery.channel === 'paper' ? null : delivery.targetMailboxId,
      forwardingRuleId: last?.ruleId ?? null,
      forwardingRuleVersion: last?.ruleVersion ?? null,
      decidedAt: at,
      routerRelease: command.release,
      decisionBasis: basis,
      letter: command.letter,
      caseReference: null,
    },
  };
  if (!last) return [routed];
  const chain = { messageId, hops: delivery.hops, decidedAt: at };
  return [routed, { type: 'ForwardingChainFollowed', schemaVersion: 1, data: chain }];
};

const recordPrint = (command: RecordPrint, state: RoutingState): RoutingEvent[] => {
  if (state.status !== 'routed' || state.channel !== 'paper') {
    throw new DomainRuleError(
      'not-routed-to-paper',
      `${command.messageId} was not routed to paper.`,
    );
  }
  if (state.printed) return [];
  return [
    {
      type: 'MessagePrinted',
      schemaVersion: 1,
      data: { messageId: command.messageId, ...command.printed },
    },
  ];
};

const sameTarget = (target: Target | null, routed: Target): boolean =>
  target !== null &&
  target.channel === routed.channel &&
  target.recipientMailboxId === routed.recipientMailboxId &&
  target.forwardingRuleId === routed.forwardingRuleId;

/**
 * A redirect records this release's decision where the latest differs, and nothing where it is
 * the same (so asking twice changes nothing) or where this release would hold the letter: a
 * hold is for an operator to look at, not for remediation to decide.
 */
const redirect = (command: Redirect, state: RoutingState): RoutingEvent[] => {
  if (state.status === 'unrouted') return [];
  const events = route(command.route);
  const [decision] = events;
  if (decision?.type !== 'MessageRouted' || sameTarget(state.target, decision.data)) return [];
  const { caseReference } = command;
  return [{ ...decision, data: { ...decision.data, caseReference } }, ...events.slice(1)];
};

const decide = (command: RoutingCommand, state: RoutingState): RoutingEvent[] => {
  if (command.type === 'RecordPrint') return recordPrint(command, state);
  if (command.type === 'Redirect') return redirect(command, state);
  // Decided once: a redelivered letter changes nothing.
  return state.status === 'unrouted' ? route(command) : [];
};

export const routingDecider: Decider<RoutingCommand, RoutingEvent, RoutingState> = {
  initialState: () => ({
    status: 'unrouted',
    channel: null,
    target: null,
    letter: null,
    printed: false,
  }),
  decide,
  evolve: (state, event) => {
    switch (event.type) {
      case 'MessageRouted': {
        const { channel, recipientMailboxId, forwardingRuleId, letter } = event.data;
        const target = { channel, recipientMailboxId, forwardingRuleId };
        return { ...state, status: 'routed', channel, target, letter: letter ?? state.letter };
      }
      case 'MessageHeld':
        return { ...state, status: 'held' };
      case 'MessagePrinted':
        return { ...state, printed: true };
      case 'ForwardingChainFollowed':
        return state;
    }
  },
};
