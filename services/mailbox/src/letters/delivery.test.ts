import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { messageStreamOf } from '@digital-post/contracts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';
import { deliverJoinedFromBeforeV3 } from './joinFromBeforeV3.ts';

const anna = 'cpr:0101901234';
let fx: MailboxFixture;

beforeAll(async () => {
  fx = await openMailboxFixture();
});
afterAll(() => fx.close());

const acceptedV1 = (messageId: string) => ({
  type: 'MessageAccepted',
  schemaVersion: 1,
  data: {
    messageId,
    senderId: 'authority:udk',
    recipient: { kind: 'authority', id: 'x' },
    documents: [],
    legalNotification: true,
    replyAllowed: false,
    doNotDeliverUntil: null,
    acceptedAt: new Date().toISOString(),
  },
});

const routedV2 = (messageId: string) => ({
  messageId,
  channel: 'forwarded',
  recipientMailboxId: anna,
  forwardingRuleId: 'rule-1',
  forwardingRuleVersion: 1,
  decidedAt: new Date().toISOString(),
  routerRelease: 't',
  decisionBasis: 'forwarding_rule',
});

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
      { type: 'MessageRouted', schemaVersion: 5, data: routed.data },
    ]);
    const marker = await fx.deliver({ recipientMailboxId: anna });
    expect(await fx.isDelivered(anna, marker)).toBe(true);
    expect(await deliveries(anna, messageId)).toHaveLength(1);
  });

  it('delivers a decision recorded before it carried the letter, from the letter’s acceptance', async () => {
    const messageId = crypto.randomUUID();
    await fx.store.append(messageStreamOf(messageId), [acceptedV1(messageId)]);
    await fx.store.append(`routing-${messageId}`, [
      { type: 'MessageRouted', schemaVersion: 2, data: routedV2(messageId) },
    ]);
    await waitFor(() => fx.isDelivered(anna, messageId));
    expect((await deliveries(anna, messageId))[0]!.data).toMatchObject({
      forwardingRuleId: 'rule-1',
      senderId: 'authority:udk',
      legalNotification: true,
      replyAllowed: false,
    });
  });

  it('delivers what waited for its letter before the decision carried it, once, and drops the join', async () => {
    const messageId = crypto.randomUUID();
    // As an older release left it: the decision came first and waits for its letter.
    await fx.db.query(
      `create table mailbox.pending_deliveries (message_id text not null, mailbox_id text not null,
         forwarding_rule_id text, primary key (message_id, mailbox_id))`,
    );
    await fx.db.query('create table mailbox.accepted_letters (message_id text primary key)');
    await fx.db.query('insert into mailbox.pending_deliveries values ($1, $2, $3)', [
      messageId,
      anna,
      'rule-1',
    ]);
    await fx.db.transaction((tx) =>
      fx.store.append(messageStreamOf(messageId), [acceptedV1(messageId)], { tx }),
    );
    const deps = { store: fx.store, now: () => new Date() };
    expect(await deliverJoinedFromBeforeV3(fx.db, deps)).toBe(1);
    expect(await deliveries(anna, messageId)).toHaveLength(1);
    expect((await deliveries(anna, messageId))[0]!.data).toMatchObject({
      senderId: 'authority:udk',
    });
    const left = await fx.db.query<{ found: string | null }>(
      "select to_regclass('mailbox.pending_deliveries')::text as found",
    );
    expect(left[0]!.found).toBeNull();
    expect(await deliverJoinedFromBeforeV3(fx.db, deps)).toBe(0);
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

describe('a letter its sender asked not to be delivered before a time', () => {
  const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
  let later: MailboxFixture;
  beforeAll(async () => {
    later = await openMailboxFixture({ now: () => clock.now, dueDeliveryPollMs: 20 });
  });
  afterAll(() => later.close());

  it('is in no mailbox until then, and delivered once when the time comes', async () => {
    const due = '2026-03-02T12:00:00.000Z';
    const messageId = await later.deliver({
      recipientMailboxId: anna,
      doNotDeliverUntil: due,
      await: false,
    });
    const marker = await later.deliver({ recipientMailboxId: anna });
    expect(await later.isDelivered(anna, marker)).toBe(true);
    expect(await later.isDelivered(anna, messageId)).toBe(false);
    const listed = await later.db.query('select 1 from mailbox.letters where message_id = $1', [
      messageId,
    ]);
    expect(listed).toEqual([]);

    clock.now = new Date('2026-03-02T12:00:00.001Z');
    await waitFor(() => later.isDelivered(anna, messageId), { message: 'delivered when due' });
    const stream = await later.store.readStream(`mailbox-${anna}.${messageId}`);
    expect(stream.map((event) => event.type)).toEqual(['MessageDelivered']);
    expect(stream[0]!.data).toMatchObject({ deliveredAt: '2026-03-02T12:00:00.001Z' });
    expect(stream[0]!.metadata.causationId).toBe(
      (await later.store.readStream(`routing-${messageId}`))[0]!.id,
    );
  });

  it('is delivered at once when its time has passed already', async () => {
    const messageId = await later.deliver({
      recipientMailboxId: anna,
      doNotDeliverUntil: '2026-01-01T00:00:00.000Z',
    });
    expect(await later.isDelivered(anna, messageId)).toBe(true);
  });
});
