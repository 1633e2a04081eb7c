import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@digital-post/event-store';
import { startRoutingHarness, type RoutingHarness } from '../testing/routingHarness.ts';

const types = (events: RecordedEvent[]) => events.map((event) => event.type);
const dataOf = (events: RecordedEvent[], type: string) =>
  events.find((event) => event.type === type)?.data as Record<string, unknown>;

describe('routing accepted letters', () => {
  // One harness for the suite (starting PGlite is the slow part); each test has its own ids.
  let h: RoutingHarness;
  beforeAll(async () => {
    h = await startRoutingHarness({ maxForwardingChain: 2 });
  });
  afterAll(() => h.close());

  const addRule = async (from: string, to: string) => {
    const response = await h.admin('POST', `/admin/mailboxes/${from}/forwarding-rules`, {
      targetMailboxId: to,
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { ruleId: string; ruleVersion: number };
  };

  it('delivers digitally to an enrolled citizen, recording basis and release', async () => {
    const citizen = { kind: 'cpr', id: '0101901234' } as const;
    await h.enroll(citizen);
    await h.accept('m-digital', citizen);
    const events = await h.routed('m-digital');
    expect(types(events)).toEqual(['MessageRouted']);
    expect(events[0]!.schemaVersion).toBe(5);
    expect(events[0]!.data).toEqual({
      messageId: 'm-digital',
      channel: 'digital',
      recipientMailboxId: 'cpr:0101901234',
      forwardingRuleId: null,
      forwardingRuleVersion: null,
      decidedAt: '2024-03-01T10:00:00.000Z',
      routerRelease: 'routing-test-1',
      decisionBasis: 'recipient_enrolled',
      letter: {
        senderId: 'authority:skat',
        legalNotification: false,
        replyAllowed: false,
        inReplyTo: null,
        doNotDeliverUntil: null,
      },
      caseReference: null,
    });
    expect(events[0]!.metadata.causationId).toBeDefined();
  });

  it('prints for a citizen who is not enrolled', async () => {
    const citizen = { kind: 'cpr', id: '0202902345' } as const;
    await h.accept('m-unenrolled', citizen);
    const events = await h.routed('m-unenrolled');
    expect(types(events)).toEqual(['MessageRouted', 'MessagePrinted']);
    expect(dataOf(events, 'MessageRouted')).toMatchObject({
      channel: 'paper',
      recipientMailboxId: null,
      decisionBasis: 'recipient_not_enrolled',
    });
    const file = JSON.parse(await readFile(join(h.printDirectory, 'm-unenrolled.json'), 'utf8'));
    expect(file).toMatchObject({ messageId: 'm-unenrolled', recipient: citizen });
    expect(file.documents[0].contentSha256).toBe('ab'.repeat(32));
  });

  it('routes a second acceptance of a routed letter no further', async () => {
    const citizen = { kind: 'cpr', id: '0303903456' } as const;
    await h.enroll(citizen);
    await h.accept('m-twice', citizen);
    await h.routed('m-twice');
    await h.accept('m-twice', citizen);
    await h.accept('m-after', citizen);
    await h.routed('m-after');
    expect(types(await h.opened.store.readStream('routing-m-twice'))).toEqual(['MessageRouted']);
  });

  it('forwards by the addressee rule, naming the rule and its version', async () => {
    const provider = { kind: 'cvr', id: '12345678' } as const;
    await h.enroll(provider);
    const rule = await addRule('authority:agency', 'cvr:12345678');
    await h.accept('m-forwarded', { kind: 'authority', id: 'agency' });
    const events = await h.routed('m-forwarded');
    expect(types(events)).toEqual(['MessageRouted', 'ForwardingChainFollowed']);
    expect(dataOf(events, 'MessageRouted')).toMatchObject({
      channel: 'forwarded',
      recipientMailboxId: 'cvr:12345678',
      forwardingRuleId: rule.ruleId,
      forwardingRuleVersion: 1,
      decisionBasis: 'forwarding_rule',
    });
    expect(dataOf(events, 'ForwardingChainFollowed')).toMatchObject({
      hops: [
        {
          fromMailboxId: 'authority:agency',
          ruleId: rule.ruleId,
          ruleVersion: 1,
          toMailboxId: 'cvr:12345678',
        },
      ],
    });
  });

  it('does not forward by a rule removed before the letter', async () => {
    const rule = await addRule('authority:removing', 'authority:provider');
    h.clock.now = new Date('2024-03-01T11:00:00.000Z');
    const url = `/admin/mailboxes/authority:removing/forwarding-rules/${rule.ruleId}`;
    expect((await h.admin('DELETE', url)).statusCode).toBe(200);
    h.clock.now = new Date('2024-03-01T12:00:00.000Z');
    await h.accept('m-after-removal', { kind: 'authority', id: 'removing' });
    expect(dataOf(await h.routed('m-after-removal'), 'MessageRouted')).toMatchObject({
      channel: 'digital',
      recipientMailboxId: 'authority:removing',
      forwardingRuleId: null,
    });
  });

  it('holds a letter caught in a forwarding loop', async () => {
    await addRule('authority:loop-a', 'authority:loop-b');
    await addRule('authority:loop-b', 'authority:loop-a');
    await h.accept('m-loop', { kind: 'authority', id: 'loop-a' });
    const events = await h.routed('m-loop');
    expect(types(events)).toEqual(['MessageHeld']);
    expect(events[0]!.data).toMatchObject({
      reason: 'forwarding_loop',
      refusedMailboxId: 'authority:loop-a',
    });
  });

  it('holds a letter whose forwarding chain is longer than the limit', async () => {
    await addRule('authority:long-a', 'authority:long-b');
    await addRule('authority:long-b', 'authority:long-c');
    await addRule('authority:long-c', 'authority:long-d');
    await h.accept('m-chain', { kind: 'authority', id: 'long-a' });
    const events = await h.routed('m-chain');
    expect(events[0]!.data).toMatchObject({
      reason: 'forwarding_chain_too_long',
      refusedMailboxId: 'authority:long-d',
    });
    const held = (
      await h.admin('GET', '/admin/held-messages?reason=forwarding_chain_too_long')
    ).json();
    expect(held.messages).toMatchObject([
      {
        messageId: 'm-chain',
        reason: 'forwarding_chain_too_long',
        addresseeMailboxId: 'authority:long-a',
        routerRelease: 'routing-test-1',
      },
    ]);
  });

  it('follows a chain within the limit and records every rule on it', async () => {
    await addRule('authority:two-a', 'authority:two-b');
    const second = await addRule('authority:two-b', 'authority:two-c');
    await h.accept('m-two-hops', { kind: 'authority', id: 'two-a' });
    const events = await h.routed('m-two-hops');
    expect(dataOf(events, 'MessageRouted')).toMatchObject({
      recipientMailboxId: 'authority:two-c',
      forwardingRuleId: second.ruleId,
    });
    expect((dataOf(events, 'ForwardingChainFollowed').hops as unknown[]).length).toBe(2);
  });

  it('holds a letter forwarded to a company that is not enrolled', async () => {
    await addRule('authority:to-unenrolled', 'cvr:11223344');
    await h.accept('m-unreachable', { kind: 'authority', id: 'to-unenrolled' });
    expect((await h.routed('m-unreachable'))[0]!.data).toMatchObject({
      reason: 'forwarding_target_unreachable',
    });
  });

  it('prints an exempt citizen letter once, even when the letter is delivered again', async () => {
    const citizen = { kind: 'cpr', id: '0404904567' } as const;
    await h.enroll(citizen);
    await h.exempt(citizen);
    h.crashOnceAfterPrinting('m-exempt');
    await h.accept('m-exempt', citizen);
    const first = await h.routed('m-exempt');
    // Printed, crashed before commit, delivered again: ordered twice, printed once.
    expect(h.printOrders('m-exempt')).toBe(2);
    expect(dataOf(first, 'MessageRouted')).toMatchObject({
      channel: 'paper',
      decisionBasis: 'recipient_exempt',
    });
    expect(dataOf(first, 'MessagePrinted')).toMatchObject({
      printChannel: 'local-file',
      printJobId: 'm-exempt',
      documentDigests: ['ab'.repeat(32)],
    });
    const printedBefore = await readFile(join(h.printDirectory, 'm-exempt.json'), 'utf8');
    const printedAt = (JSON.parse(printedBefore) as { printedAt: string }).printedAt;
    expect(dataOf(first, 'MessagePrinted')).toMatchObject({ printedAt });

    // Redelivery: forget what the routing group processed and replay the log from the start.
    await h.service.stop();
    await h.opened.db.query(`delete from bus_processed_events where consumer_group = 'routing'`);
    await h.opened.db.query(
      `delete from subscription_checkpoints where subscription_id = 'bus:routing'`,
    );
    await h.restart();
    await h.accept('m-marker', citizen);
    await h.routed('m-marker'); // routed after every earlier letter was handled again

    expect(types(await h.opened.store.readStream('routing-m-exempt'))).toEqual([
      'MessageRouted',
      'MessagePrinted',
    ]);
    expect(await readFile(join(h.printDirectory, 'm-exempt.json'), 'utf8')).toBe(printedBefore);
    const printed = await readdir(h.printDirectory);
    expect(printed.filter((name) => name.startsWith('m-exempt'))).toEqual(['m-exempt.json']);
    // On replay the routing stream exists already, so the printer is not even asked.
    expect(h.printOrders('m-exempt')).toBe(2);
  });
});
