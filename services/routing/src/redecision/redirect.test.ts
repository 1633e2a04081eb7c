import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedirectRequest } from '@digital-post/contracts';
import type { RecordedEvent } from '@digital-post/event-store';
import { followForwardingRules, type RouteResolver } from '../routing/resolveRoute.ts';
import {
  startRoutingHarness,
  toAddresseeAlways,
  type RoutingHarness,
} from '../testing/routingHarness.ts';

const company = { kind: 'cvr' as const, id: '11111111' };
const provider = { kind: 'cvr' as const, id: '22222222' };
const exempt = { kind: 'cpr' as const, id: '0101901234' };
const stranger = 'cvr:99999999';

/** A faulty release that sends to a stranger: the delivery invariant holds the letter. */
const toStranger: RouteResolver = async () => ({
  kind: 'deliver',
  delivery: { channel: 'digital', targetMailboxId: stranger, hops: [] },
  basis: 'recipient_enrolled',
});

const requestFor = (
  decision: RecordedEvent,
  addressee: RedirectRequest['addressee'],
): RedirectRequest => {
  const data = decision.data as { messageId: string; decidedAt?: string; heldAt?: string };
  return {
    messageId: data.messageId,
    addressee,
    at: data.decidedAt ?? data.heldAt!,
    before: decision.globalPosition,
    caseReference: 'INC-2021-02',
    operatorId: 'operator-7',
  };
};

describe('routing letters again under a case (remediation)', () => {
  let h: RoutingHarness;
  let propose: RouteResolver = toAddresseeAlways;
  beforeAll(async () => {
    h = await startRoutingHarness({
      resolveRoute: (request, lookups) => propose(request, lookups),
    });
    await h.enroll(company);
    await h.enroll(provider);
    await h.enroll(exempt);
    await h.exempt(exempt);
    await h.admin('POST', '/admin/mailboxes/cvr:11111111/forwarding-rules', {
      targetMailboxId: 'cvr:22222222',
    });
  });
  afterAll(() => h.close());

  it("records this release's decision with the case and the operator, once", async () => {
    // Given a letter the faulty release left with the company instead of forwarding it
    await h.accept('m-ignored', company);
    const [recorded] = await h.routed('m-ignored');
    // When it is redirected twice
    const [first] = await h.service.redecision.redirect([requestFor(recorded!, company)]);
    const [second] = await h.service.redecision.redirect([requestFor(recorded!, company)]);
    // Then it is forwarded to the provider under the case, and the second ask changes nothing
    const place = { channel: 'forwarded', recipientMailboxId: 'cvr:22222222' };
    expect(first).toMatchObject({ outcome: 'redirected', release: 'routing-test-1', ...place });
    expect(second).toMatchObject({ outcome: 'unchanged', ...place });
    const decisions = (await h.routed('m-ignored')).filter((e) => e.type === 'MessageRouted');
    expect(decisions).toHaveLength(2);
    expect(decisions[1]!.data).toMatchObject({ ...place, caseReference: 'INC-2021-02' });
    expect(decisions[1]!.metadata.actor).toEqual({ kind: 'operator', id: 'operator-7' });
  });

  it('prints a letter that belonged on paper, once', async () => {
    await h.accept('m-exempt', exempt);
    const [recorded] = await h.routed('m-exempt');
    expect(recorded!.data).toMatchObject({ channel: 'digital' });
    await h.service.redecision.redirect([requestFor(recorded!, exempt)]);
    const [again] = await h.service.redecision.redirect([requestFor(recorded!, exempt)]);
    expect(again).toMatchObject({ outcome: 'unchanged', channel: 'paper' });
    expect(h.printOrders('m-exempt')).toBe(1);
    const types = (await h.routed('m-exempt')).map((event) => event.type);
    expect(types).toEqual(['MessageRouted', 'MessageRouted', 'MessagePrinted']);
  });

  it('routes a letter a faulty release held, and takes it off the held list', async () => {
    propose = toStranger;
    await h.accept('m-held', company);
    const [recorded] = await h.routed('m-held');
    expect(recorded!.type).toBe('MessageHeld');
    propose = followForwardingRules;
    const [answer] = await h.service.redecision.redirect([requestFor(recorded!, company)]);
    expect(answer).toMatchObject({ outcome: 'redirected', channel: 'forwarded' });
    const held = (await h.admin('GET', '/admin/held-messages')).json() as {
      messages: { messageId: string }[];
    };
    expect(held.messages.map((letter) => letter.messageId)).not.toContain('m-held');
  });

  it('answers unknown for a letter never routed', async () => {
    const request = { ...requestFor((await h.routed('m-ignored'))[0]!, company) };
    const [answer] = await h.service.redecision.redirect([{ ...request, messageId: 'm-never' }]);
    expect(answer).toEqual({ messageId: 'm-never', release: 'routing-test-1', outcome: 'unknown' });
  });
});
