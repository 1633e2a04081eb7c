import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@digital-post/event-store';
import type { RouteResolver } from './resolveRoute.ts';
import { startRoutingHarness, type RoutingHarness } from '../testing/routingHarness.ts';

/**
 * February 2021: a release forwarded authorities' post to wrong recipients. Here the router is
 * replaced by faulty ones; the delivery invariant must hold every letter they misroute.
 */
const types = (events: RecordedEvent[]) => events.map((event) => event.type);

describe('a faulty router (February 2021 simulated)', () => {
  let h: RoutingHarness;
  let propose: RouteResolver;
  beforeAll(async () => {
    h = await startRoutingHarness({
      resolveRoute: (request, lookups) => propose(request, lookups),
    });
  });
  afterAll(() => h.close());

  it('holds a letter the router sends to someone other than its addressee', async () => {
    propose = async () => ({
      kind: 'deliver',
      delivery: { channel: 'digital', targetMailboxId: 'cvr:99999999', hops: [] },
      basis: 'recipient_enrolled',
    });
    await h.accept('m-wrong-target', { kind: 'authority', id: 'agency' });
    const events = await h.routed('m-wrong-target');
    expect(types(events)).toEqual(['MessageHeld']);
    expect(events[0]!.data).toMatchObject({
      reason: 'delivery_invariant_violated',
      refusedMailboxId: 'cvr:99999999',
      routerRelease: 'routing-test-1',
    });
  });

  it('holds a letter the router forwards by another organisation rule', async () => {
    const other = await h.admin('POST', '/admin/mailboxes/authority:other/forwarding-rules', {
      targetMailboxId: 'authority:others-provider',
    });
    const otherRule = other.json() as { ruleId: string };
    // The fault: the rule is looked up for the wrong mailbox, then applied to the addressee.
    propose = async (request, lookups) => {
      const rule = (await lookups.activeRuleOf('authority:other', request.at))!;
      const hop = {
        fromMailboxId: `${request.addressee.kind}:${request.addressee.id}`,
        ruleId: rule.ruleId,
        ruleVersion: rule.ruleVersion,
        toMailboxId: rule.targetMailboxId,
      };
      const delivery = {
        channel: 'forwarded' as const,
        targetMailboxId: hop.toMailboxId,
        hops: [hop],
      };
      return { kind: 'deliver', delivery, basis: 'forwarding_rule' };
    };
    await h.accept('m-others-rule', { kind: 'authority', id: 'agency' });
    const events = await h.routed('m-others-rule');
    expect(types(events)).toEqual(['MessageHeld']);
    expect(events[0]!.data).toMatchObject({
      reason: 'delivery_invariant_violated',
      refusedMailboxId: 'authority:others-provider',
      forwardingRuleId: otherRule.ruleId,
      forwardingRuleVersion: 1,
    });
    const held = (await h.admin('GET', '/admin/held-messages')).json();
    expect(held.messages.map((m: { messageId: string }) => m.messageId).sort()).toEqual([
      'm-others-rule',
      'm-wrong-target',
    ]);
  });

  it('holds paper post the router would print for an authority', async () => {
    propose = async (request) => ({
      kind: 'deliver',
      delivery: {
        channel: 'paper',
        targetMailboxId: `authority:${request.addressee.id}`,
        hops: [],
      },
      basis: 'recipient_not_enrolled',
    });
    await h.accept('m-paper-authority', { kind: 'authority', id: 'agency' });
    expect((await h.routed('m-paper-authority'))[0]!.data).toMatchObject({
      reason: 'delivery_invariant_violated',
    });
    expect(h.printOrders('m-paper-authority')).toBe(0);
  });
});
