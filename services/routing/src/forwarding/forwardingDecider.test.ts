import { DomainRuleError } from '@digital-post/service-kit';
import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@digital-post/service-kit/testing';
import {
  forwardingDecider,
  type AddForwardingRule,
  type ForwardingEvent,
  type RemoveForwardingRule,
} from './forwardingDecider.ts';

const agency = 'authority:agency';
const provider = 'cvr:12345678';
const at = '2024-03-01T10:00:00.000Z';
const spec = deciderSpec(forwardingDecider);

const add = (overrides: Partial<AddForwardingRule> = {}): AddForwardingRule => ({
  type: 'AddForwardingRule',
  mailboxId: agency,
  ruleId: 'rule-1',
  targetMailboxId: provider,
  actorId: 'operator-7',
  at,
  ...overrides,
});

const remove = (overrides: Partial<RemoveForwardingRule> = {}): RemoveForwardingRule => ({
  type: 'RemoveForwardingRule',
  mailboxId: agency,
  ruleId: 'rule-1',
  actorId: 'operator-7',
  at,
  ...overrides,
});

const added = (ruleVersion: number, targetMailboxId = provider): ForwardingEvent => ({
  type: 'ForwardingRuleAdded',
  schemaVersion: 1,
  data: {
    ruleId: 'rule-1',
    ruleVersion,
    mailboxId: agency,
    targetMailboxId,
    addedBy: 'operator-7',
    addedAt: at,
  },
});

const removed = (ruleVersion: number): ForwardingEvent => ({
  type: 'ForwardingRuleRemoved',
  schemaVersion: 1,
  data: {
    ruleId: 'rule-1',
    ruleVersion,
    mailboxId: agency,
    targetMailboxId: provider,
    removedBy: 'operator-7',
    removedAt: at,
  },
});

const ruleBroken = (rule: string) => (error: unknown) =>
  expect(error).toMatchObject({ name: 'DomainRuleError', rule } satisfies Partial<DomainRuleError>);

describe('forwarding rules', () => {
  it('adds a rule at version 1', () => {
    spec
      .given([])
      .when(add())
      .then([added(1)]);
  });

  it('changes nothing when the same rule is added again', () => {
    spec
      .given([added(1)])
      .when(add())
      .then([]);
  });

  it('gives a new target a new version of the same rule', () => {
    spec
      .given([added(1)])
      .when(add({ targetMailboxId: 'cvr:87654321' }))
      .then([added(2, 'cvr:87654321')]);
  });

  it('gives a rule added again after removal a new version', () => {
    spec
      .given([added(1), removed(1)])
      .when(add())
      .then([added(2)]);
  });

  it('removes the active version of a rule', () => {
    spec
      .given([added(1), added(2)])
      .when(remove())
      .then([removed(2)]);
  });

  it('refuses to remove a rule that is not active', () => {
    spec.given([]).when(remove()).thenThrows(ruleBroken('forwarding-rule-not-active'));
    spec
      .given([added(1), removed(1)])
      .when(remove())
      .thenThrows(ruleBroken('forwarding-rule-not-active'));
  });

  it('keeps one active rule per mailbox', () => {
    spec
      .given([added(1)])
      .when(add({ ruleId: 'rule-2' }))
      .thenThrows(ruleBroken('forwarding-rule-exists'));
  });

  it('lets only organisations forward, only to organisations, never to themselves', () => {
    spec
      .given([])
      .when(add({ mailboxId: 'cpr:0101901234' }))
      .thenThrows(ruleBroken('only-organisations-forward'));
    spec
      .given([])
      .when(add({ targetMailboxId: 'cpr:0101901234' }))
      .thenThrows(ruleBroken('forwarding-target-not-organisation'));
    spec
      .given([])
      .when(add({ targetMailboxId: agency }))
      .thenThrows(ruleBroken('forwarding-to-itself'));
  });
});
