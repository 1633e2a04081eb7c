import type { ForwardingRuleAdded, ForwardingRuleRemoved } from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import { mayForward } from '../recipients/mailboxId.ts';

/**
 * Forwarding rules of one organisation mailbox (stream `forwarding-<mailboxId>`). A rule keeps
 * its id; every change of its target, and every re-adding after a removal, is a new version,
 * so a routing decision that names (rule id, version) names exactly one target.
 */

export interface AddForwardingRule {
  type: 'AddForwardingRule';
  mailboxId: string;
  ruleId: string;
  targetMailboxId: string;
  actorId: string;
  at: string;
}

export interface RemoveForwardingRule {
  type: 'RemoveForwardingRule';
  mailboxId: string;
  ruleId: string;
  actorId: string;
  at: string;
}

export type ForwardingCommand = AddForwardingRule | RemoveForwardingRule;

export type ForwardingEvent =
  | { type: 'ForwardingRuleAdded'; schemaVersion: 1; data: ForwardingRuleAdded }
  | { type: 'ForwardingRuleRemoved'; schemaVersion: 1; data: ForwardingRuleRemoved };

export interface RuleState {
  ruleVersion: number;
  targetMailboxId: string;
  active: boolean;
}

export interface ForwardingState {
  rules: Readonly<Record<string, RuleState>>;
}

export const activeRuleIn = (state: ForwardingState): [string, RuleState] | undefined =>
  Object.entries(state.rules).find(([, rule]) => rule.active);

const decideAdd = (command: AddForwardingRule, state: ForwardingState): ForwardingEvent[] => {
  assertMayForward(command.mailboxId, command.targetMailboxId);
  const active = activeRuleIn(state);
  if (active && active[0] !== command.ruleId) {
    // One active rule per mailbox, so "the addressee's rule" is never ambiguous.
    throw new DomainRuleError(
      'forwarding-rule-exists',
      `Mailbox ${command.mailboxId} already forwards by rule ${active[0]}; remove it first.`,
    );
  }
  const current = state.rules[command.ruleId];
  if (current?.active && current.targetMailboxId === command.targetMailboxId) return [];
  const { type: _type, actorId, at, ...rule } = command;
  const ruleVersion = (current?.ruleVersion ?? 0) + 1;
  const data = { ...rule, ruleVersion, addedBy: actorId, addedAt: at };
  return [{ type: 'ForwardingRuleAdded', schemaVersion: 1, data }];
};

const decideRemove = (command: RemoveForwardingRule, state: ForwardingState): ForwardingEvent[] => {
  const current = state.rules[command.ruleId];
  if (!current?.active) {
    throw new DomainRuleError(
      'forwarding-rule-not-active',
      `Rule ${command.ruleId} is not active.`,
    );
  }
  const data = {
    ruleId: command.ruleId,
    ruleVersion: current.ruleVersion,
    mailboxId: command.mailboxId,
    targetMailboxId: current.targetMailboxId,
    removedBy: command.actorId,
    removedAt: command.at,
  };
  return [{ type: 'ForwardingRuleRemoved', schemaVersion: 1, data }];
};

const assertMayForward = (mailboxId: string, targetMailboxId: string): void => {
  if (!mayForward(mailboxId)) {
    throw new DomainRuleError(
      'only-organisations-forward',
      'Only an authority or company mailbox can forward its post.',
      422,
    );
  }
  // Post for an organisation goes to the organisation or provider handling it, never to a
  // private person's mailbox: that would be the February 2021 breach by configuration.
  if (!mayForward(targetMailboxId)) {
    throw new DomainRuleError(
      'forwarding-target-not-organisation',
      'Post can only be forwarded to an authority or company mailbox.',
      422,
    );
  }
  if (mailboxId === targetMailboxId) {
    throw new DomainRuleError('forwarding-to-itself', 'A mailbox cannot forward to itself.', 422);
  }
};

export const forwardingDecider: Decider<ForwardingCommand, ForwardingEvent, ForwardingState> = {
  initialState: () => ({ rules: {} }),
  decide: (command, state) =>
    command.type === 'AddForwardingRule' ? decideAdd(command, state) : decideRemove(command, state),
  evolve: (state, event) => {
    const { ruleId, ruleVersion, targetMailboxId } = event.data;
    const active = event.type === 'ForwardingRuleAdded';
    return { rules: { ...state.rules, [ruleId]: { ruleVersion, targetMailboxId, active } } };
  },
};

export const forwardingStreamOf = (mailboxId: string): string => `forwarding-${mailboxId}`;
