import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';

const anna = 'cpr:0101901234';
let fx: MailboxFixture;

beforeAll(async () => {
  fx = await openMailboxFixture();
});
afterAll(() => fx.close());

const deliveries = async (mailboxId: string, messageId: string) =>
  (await fx.store.readStream(`mailbox-${mailboxId}.${messageId}`)).filter(
    (event) => event.type === 'MessageDelivered',
  );

describe('delivery of routed letters', () => {
  it('delivers a digitally routed letter into the recipient mailbox with the facts of the letter', async () => {
    const messageId = await fx.deliver({
      recipientMailboxId: anna,
      legalNotification: true,
      replyAllowed: true,
    });
    const [delivered] = await deliveries(anna, messageId);
    expect(delivered).toMatchObject({
      schemaVersion: 2,
      data: {
        messageId,
        mailboxId: anna,
        senderId: 'authority:skat',
        threadId: messageId,
        legalNotification: true,
        replyAllowed: true,
      },
      metadata: { actor: { kind: 'system', id: 'mailbox' } },
    });
  });

  it('delivers once however often routing decides for the same mailbox', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    const routed = (await fx.store.readStream(`routing-${messageId}`))[0]!;
    await fx.store.append(`routing-${messageId}`, [
      { type: 'MessageRouted', schemaVersion: 2, data: routed.data },
    ]);
    const marker = await fx.deliver({ recipientMailboxId: anna });
    expect(await fx.isDelivered(anna, marker)).toBe(true);
    expect(await deliveries(anna, messageId)).toHaveLength(1);
  });

  it('delivers when the routing decision arrives before the letter it is on', async () => {
    const messageId = crypto.randomUUID();
    const decidedAt = new Date().toISOString();
    await fx.store.append(`routing-${messageId}`, [
      {
        type: 'MessageRouted',
        schemaVersion: 2,
        data: {
          messageId,
          channel: 'forwarded',
          recipientMailboxId: anna,
          forwardingRuleId: 'rule-1',
          forwardingRuleVersion: 1,
          decidedAt,
          routerRelease: 't',
          decisionBasis: 'forwarding_rule',
        },
      },
    ]);
    await fx.store.append(`message-${messageId}`, [
      {
        type: 'MessageAccepted',
        data: {
          messageId,
          senderId: 'authority:udk',
          recipient: { kind: 'authority', id: 'x' },
          documents: [],
          legalNotification: false,
          replyAllowed: false,
          doNotDeliverUntil: null,
          acceptedAt: decidedAt,
        },
      },
    ]);
    await waitFor(() => fx.isDelivered(anna, messageId));
    expect((await deliveries(anna, messageId))[0]!.data).toMatchObject({
      forwardingRuleId: 'rule-1',
      senderId: 'authority:udk',
    });
  });

  it('leaves paper post to the print channel', async () => {
    const messageId = await fx.deliver({
      recipientMailboxId: anna,
      channel: 'paper',
      await: false,
    });
    const marker = await fx.deliver({ recipientMailboxId: anna });
    expect(await fx.isDelivered(anna, marker)).toBe(true);
    expect(await fx.isDelivered(anna, messageId)).toBe(false);
  });
});
