import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedecisionRequest } from '@digital-post/contracts';
import type { RecordedEvent } from '@digital-post/event-store';
import { followForwardingRules, type RouteResolver } from '../routing/resolveRoute.ts';
import {
  startRoutingHarness,
  toAddresseeAlways,
  type RoutingHarness,
} from '../testing/routingHarness.ts';

const company = { kind: 'cvr' as const, id: '11111111' };
const provider = { kind: 'cvr' as const, id: '22222222' };
const citizen = { kind: 'cpr' as const, id: '0101901234' };

/** What re-deciding a recorded decision asks: its letter, moment and place in the log. */
const requestFor = (
  decision: RecordedEvent,
  addressee: RedecisionRequest['addressee'],
): RedecisionRequest => {
  const data = decision.data as { messageId: string; decidedAt: string };
  return {
    messageId: data.messageId,
    addressee,
    at: data.decidedAt,
    before: decision.globalPosition,
  };
};

describe('re-deciding letters with the trusted release', () => {
  let h: RoutingHarness;
  let propose: RouteResolver = toAddresseeAlways;
  let ruleId: string;
  beforeAll(async () => {
    h = await startRoutingHarness({
      resolveRoute: (request, lookups) => propose(request, lookups),
    });
    await h.enroll(company);
    await h.enroll(provider);
    const rule = await h.admin('POST', '/admin/mailboxes/cvr:11111111/forwarding-rules', {
      targetMailboxId: 'cvr:22222222',
    });
    ruleId = (rule.json() as { ruleId: string }).ruleId;
  });
  afterAll(() => h.close());

  it('finds where a release that ignored a forwarding rule should have sent the letter', async () => {
    // Given a letter the faulty release delivered to the company itself
    await h.accept('m-ignored', company);
    const [recorded] = await h.routed('m-ignored');
    expect(recorded!.data).toMatchObject({
      channel: 'digital',
      recipientMailboxId: 'cvr:11111111',
    });
    // When it is decided again
    const [again] = await h.service.redecision.redecide([requestFor(recorded!, company)]);
    // Then the trusted release forwards it by the company's rule
    expect(again).toEqual({
      messageId: 'm-ignored',
      release: 'routing-test-1',
      outcome: 'routed',
      channel: 'forwarded',
      recipientMailboxId: 'cvr:22222222',
      forwardingRuleId: ruleId,
      forwardingRuleVersion: 1,
    });
  });

  it('decides from the facts before the decision, not as they stand now', async () => {
    const [earlier] = await h.routed('m-ignored');
    // Given the rule removed after that letter, and a letter decided after the removal
    h.clock.now = new Date('2024-03-02T10:00:00.000Z');
    await h.admin('DELETE', `/admin/mailboxes/cvr:11111111/forwarding-rules/${ruleId}`);
    await h.accept('m-after', company);
    const [later] = await h.routed('m-after');
    // When both are decided again
    const answers = await h.service.redecision.redecide([
      requestFor(earlier!, company),
      requestFor(later!, company),
    ]);
    // Then the first still follows the rule in force then, the second goes to the company
    expect(answers.map((answer) => answer.outcome === 'routed' && answer.channel)).toEqual([
      'forwarded',
      'digital',
    ]);
    expect(answers[1]).toMatchObject({ recipientMailboxId: 'cvr:11111111' });
  });

  it('sends to paper a person who was not enrolled when the letter was decided', async () => {
    // Given a letter decided by the trusted release before the citizen was enrolled
    propose = followForwardingRules;
    await h.accept('m-paper', citizen);
    const [recorded] = await h.routed('m-paper');
    await h.enroll(citizen);
    // When it is decided again, then it goes to paper as it did
    const [again] = await h.service.redecision.redecide([requestFor(recorded!, citizen)]);
    expect(again).toMatchObject({ outcome: 'routed', channel: 'paper', recipientMailboxId: null });
  });
});
