import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openHarness, validMessage, type Harness } from '../testing/senderApiHarness.ts';
import { projectStatusEventsOnce } from './projection.ts';

let h: Harness;
let skat: Record<string, string>;
let kommune: Record<string, string>;

beforeAll(async () => {
  h = await openHarness();
  skat = bearer(await h.tokenFor('skat'));
  kommune = bearer(await h.tokenFor('kommune-101'));
});
afterAll(() => h.close());

const send = async (headers: Record<string, string>, overrides: Record<string, unknown> = {}) => {
  const authorityId = headers === skat ? 'skat' : 'kommune-101';
  const message = validMessage({ sender: { authorityId }, ...overrides });
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers,
    payload: message,
  });
  expect(response.statusCode).toBe(201);
  return message.messageUUID;
};

const statusOf = async (uuid: string, headers = skat) =>
  h.app.inject({ url: `/v1/messages/${uuid}`, headers });

const historyOf = (uuid: string, length: number) =>
  waitFor(async () => {
    const body = (await statusOf(uuid)).json();
    return body.history?.length === length ? body : undefined;
  });

const mailbox = 'cpr:0101901234';
const opener = { actorId: '0101901234', onBehalfOf: null, viewingClient: 'mit_dk' };

const simulateDelivery = async (messageId: string) => {
  await h.store.append(`routing-${messageId}`, [
    {
      type: 'MessageHeld',
      schemaVersion: 1,
      data: {
        messageId,
        reason: 'scheduled_delivery',
        heldUntil: '2030-01-01T00:00:00.000Z',
        heldAt: '2029-12-31T10:00:00.000Z',
      },
    },
    {
      type: 'MessageRouted',
      schemaVersion: 2,
      data: {
        messageId,
        channel: 'digital',
        recipientMailboxId: mailbox,
        forwardingRuleId: null,
        forwardingRuleVersion: null,
        decidedAt: '2030-01-01T00:00:01.000Z',
        routerRelease: 'r1',
        decisionBasis: 'recipient_enrolled',
      },
    },
  ]);
  await h.store.append(`mailbox-${mailbox}.${messageId}`, [
    {
      type: 'MessageDelivered',
      schemaVersion: 1,
      data: {
        messageId,
        mailboxId: mailbox,
        forwardingRuleId: null,
        deliveredAt: '2030-01-01T00:00:02.000Z',
      },
    },
    {
      type: 'MessageOpened',
      data: { messageId, mailboxId: mailbox, ...opener, openedAt: '2030-01-02T09:00:00.000Z' },
    },
    { type: 'MessageMarkedRead', data: { messageId, mailboxId: mailbox } },
    {
      type: 'MessageOpened',
      data: { messageId, mailboxId: mailbox, ...opener, openedAt: '2030-01-03T09:00:00.000Z' },
    },
  ]);
};

describe('GET /v1/messages/{uuid}', () => {
  it('shows an accepted letter at once', async () => {
    const uuid = await send(skat);
    const body = (await statusOf(uuid)).json();
    expect(body).toMatchObject({ messageUUID: uuid, status: 'accepted', legalNotification: false });
    expect(body.history).toEqual([{ status: 'accepted', at: expect.any(String), details: {} }]);
  });

  it('shows the history through routing and the mailbox, keeping only the first open', async () => {
    const uuid = await send(skat);
    await simulateDelivery(uuid);
    const body = await historyOf(uuid, 5);
    expect(body.status).toBe('first-opened');
    expect(body.history.map((e: { status: string }) => e.status)).toEqual([
      'accepted',
      'held',
      'routed',
      'delivered',
      'first-opened',
    ]);
    expect(body.history[1]).toEqual({
      status: 'held',
      at: '2029-12-31T10:00:00.000Z',
      details: { reason: 'scheduled_delivery', heldUntil: '2030-01-01T00:00:00.000Z' },
    });
    expect(body.history[2].details).toMatchObject({
      channel: 'digital',
      recipientMailboxId: mailbox,
    });
    // Not a legal notification: the sender learns when, not who.
    expect(body.history[4]).toEqual({
      status: 'first-opened',
      at: '2030-01-02T09:00:00.000Z',
      details: { mailboxId: mailbox },
    });
  });

  it('tells the sender of a legal notification who opened it, when and through which client', async () => {
    const uuid = await send(skat, { legalNotification: true });
    await simulateDelivery(uuid);
    await h.store.append(`mailbox-${mailbox}.${uuid}`, [
      {
        type: 'LegalNotificationServed',
        data: {
          messageId: uuid,
          mailboxId: mailbox,
          senderId: 'authority:skat',
          ...opener,
          servedAt: '2030-01-02T09:00:00.000Z',
        },
      },
    ]);
    const body = await historyOf(uuid, 6);
    expect(body.history[4].details).toEqual({ mailboxId: mailbox, ...opener });
    expect(body.history[5]).toMatchObject({ status: 'served', at: '2030-01-02T09:00:00.000Z' });
  });

  it('tells the sender a notice of its letters went out, by which channel, never to where', async () => {
    const [first, second] = [await send(skat), await send(skat)];
    const noticeSent = (channel: string) => ({
      type: 'NoticeSent',
      data: {
        noticeId: crypto.randomUUID(),
        mailboxId: mailbox,
        channel,
        messageIds: [first, second],
        sentAt: '2030-01-01T00:00:03.000Z',
        attempts: 1,
      },
    });
    const sms = noticeSent('sms');
    await h.store.append(`notification-${sms.data.noticeId}`, [sms]);
    // Delivered twice (at least once): the second time adds nothing.
    await projectStatusEventsOnce(h.db, [
      {
        ...sms,
        id: (await h.store.readStream(`notification-${sms.data.noticeId}`))[0]!.id,
        recordedAt: new Date(),
      },
    ]);
    const email = noticeSent('email');
    await h.store.append(`notification-${email.data.noticeId}`, [email]);
    for (const uuid of [first, second]) {
      const body = await historyOf(uuid, 3);
      expect(body.history.slice(1)).toEqual([
        { status: 'notified', at: '2030-01-01T00:00:03.000Z', details: { channel: 'sms' } },
        { status: 'notified', at: '2030-01-01T00:00:03.000Z', details: { channel: 'email' } },
      ]);
    }
  });

  it('marks a letter held for an unknown recipient as failed, with why', async () => {
    const uuid = await send(skat);
    await h.store.append(`routing-${uuid}`, [
      {
        type: 'MessageHeld',
        data: {
          messageId: uuid,
          reason: 'recipient_unknown',
          heldUntil: null,
          heldAt: '2030-01-01T00:00:00.000Z',
        },
      },
    ]);
    const body = await historyOf(uuid, 2);
    expect(body.history[1]).toMatchObject({
      status: 'failed',
      details: { reason: 'recipient_unknown' },
    });
  });

  it('keeps a downstream event that overtook the acceptance until the acceptance arrives', async () => {
    const message = validMessage();
    await h.store.append(`routing-${message.messageUUID}`, [
      {
        type: 'MessageRouted',
        data: {
          messageId: message.messageUUID,
          channel: 'digital',
          recipientMailboxId: mailbox,
          forwardingRuleId: null,
          forwardingRuleVersion: null,
          decidedAt: '2030-01-01T00:00:00.000Z',
        },
      },
      { type: 'SomethingNobodyKnows', data: { messageId: message.messageUUID } },
    ]);
    await waitFor(async () => {
      const rows = await h.db.query(
        'select 1 from sender_api.unattributed_entries where message_id = $1',
        [message.messageUUID],
      );
      return rows.length === 1;
    });
    await h.app.inject({ method: 'POST', url: '/v1/messages', headers: skat, payload: message });
    const body = await historyOf(message.messageUUID, 2);
    expect(body.history.map((e: { status: string }) => e.status)).toEqual(['accepted', 'routed']);
  });

  it("answers another authority's letter as one that does not exist", async () => {
    const uuid = await send(kommune);
    const response = await statusOf(uuid, skat);
    const missing = await statusOf(crypto.randomUUID(), skat);
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe(missing.json().detail);
    expect((await statusOf(uuid, kommune)).statusCode).toBe(200);
  });
});

describe('GET /v1/receipts', () => {
  it("pages through only this authority's status changes, in a stable order", async () => {
    const fresh = await openHarness();
    try {
      const tokenOf = async (id: string) => bearer(await fresh.tokenFor(id));
      const [a, b] = [await tokenOf('authority-a'), await tokenOf('authority-b')];
      const sendAs = async (headers: Record<string, string>, authorityId: string) => {
        const message = validMessage({ sender: { authorityId } });
        await fresh.app.inject({ method: 'POST', url: '/v1/messages', headers, payload: message });
        return message.messageUUID;
      };
      const mine = [
        await sendAs(a, 'authority-a'),
        await sendAs(a, 'authority-a'),
        await sendAs(a, 'authority-a'),
      ];
      await sendAs(b, 'authority-b');
      await fresh.store.append(`routing-${mine[0]}`, [
        {
          type: 'MessageRouted',
          data: {
            messageId: mine[0],
            channel: 'paper',
            recipientMailboxId: null,
            forwardingRuleId: null,
            forwardingRuleVersion: null,
            decidedAt: '2030-01-01T00:00:00.000Z',
          },
        },
      ]);
      const page = (after?: string) =>
        fresh.app
          .inject({ url: `/v1/receipts?limit=2${after ? `&after=${after}` : ''}`, headers: a })
          .then((r) => r.json());
      const all = await waitFor(async () => {
        const pages = [await page()];
        while (pages.at(-1).receipts.length > 0) pages.push(await page(pages.at(-1).next));
        const receipts = pages.flatMap((p) => p.receipts);
        return receipts.length === 4 ? { receipts, last: pages.at(-1) } : undefined;
      });
      expect(
        all.receipts.map((r: { messageUUID: string; status: string }) => [r.messageUUID, r.status]),
      ).toEqual([
        [mine[0], 'accepted'],
        [mine[1], 'accepted'],
        [mine[2], 'accepted'],
        [mine[0], 'routed'],
      ]);
      expect(all.last.next).toMatch(/^[A-Za-z0-9_-]+$/);
      // Polling again from the end finds nothing new, and the cursor stays.
      expect(await page(all.last.next)).toEqual({ receipts: [], next: all.last.next });
    } finally {
      await fresh.close();
    }
  });
});
