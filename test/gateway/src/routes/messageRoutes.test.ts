import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  bo,
  openGatewayFixture,
  type GatewayFixture,
  portTransports,
} from '../testing/index.ts';

describe.each(portTransports)('over %s ports', (ports) => {
  let fx: GatewayFixture;

  beforeAll(async () => {
    fx = await openGatewayFixture({ ports });
  });
  afterAll(() => fx.close());

  const get = async (url: string, person = anna, client = 'eboks') =>
    fx.app.inject({ method: 'GET', url, headers: await fx.headers(person, client) });

  describe('reading a mailbox through two viewing clients', () => {
    it('lists the mailboxes the user may act for', async () => {
      const response = await get('/v1/mailboxes');
      expect(response.json()).toEqual({ mailboxes: [{ mailboxId: annasMailbox, kind: 'cpr' }] });
    });

    it('shows a delivered letter in both clients, unread', async () => {
      const messageId = await fx.deliver({
        recipientMailboxId: annasMailbox,
        title: 'Din årsopgørelse',
      });
      for (const client of ['eboks', 'mitdk']) {
        const response = await get(
          `/v1/mailboxes/${annasMailbox}/messages?unreadOnly=true`,
          anna,
          client,
        );
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(response.json().messages).toContainEqual(
          expect.objectContaining({ messageId, title: 'Din årsopgørelse', read: false }),
        );
      }
    });

    it('opens a letter with its ETag, logging who opened it through which client', async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      const response = await get(
        `/v1/mailboxes/${annasMailbox}/messages/${messageId}`,
        anna,
        'mitdk',
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"3"');
      expect(response.json()).toMatchObject({
        messageId,
        read: true,
        version: 3,
        content: { title: 'Your tax assessment' },
      });
      const opened = (await fx.store.readStream(`mailbox-${annasMailbox}.${messageId}`))[1]!;
      expect(opened).toMatchObject({
        type: 'MessageOpened',
        data: { actorId: annasMailbox, viewingClient: 'mit_dk' },
      });
    });

    it('serves a legal notification once, at its first open', async () => {
      const messageId = await fx.deliver({
        recipientMailboxId: annasMailbox,
        legalNotification: true,
      });
      for (const client of ['eboks', 'app', 'eboks'])
        await get(`/v1/mailboxes/${annasMailbox}/messages/${messageId}`, anna, client);
      const served = (await fx.store.readStream(`mailbox-${annasMailbox}.${messageId}`)).filter(
        (e) => e.type === 'LegalNotificationServed',
      );
      expect(served).toHaveLength(1);
      expect(served[0]!.data).toMatchObject({
        senderId: 'authority:skat',
        viewingClient: 'e_boks',
      });
    });

    it('downloads a file of the letter, and no other', async () => {
      const bytes = Buffer.from('%PDF-1.7 letter');
      const messageId = await fx.deliver({
        recipientMailboxId: annasMailbox,
        attachment: { name: 'Årsopgørelse.pdf', mimeType: 'application/pdf', bytes },
      });
      const sha = (await fx.content.getLetter(messageId))!.documents[0]!.files[0]!.sha256;
      const file = await get(`/v1/mailboxes/${annasMailbox}/messages/${messageId}/files/${sha}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.rawPayload).toEqual(bytes);
      const other = await fx.content.putFile(Buffer.from('not this letter'));
      expect(
        (await get(`/v1/mailboxes/${annasMailbox}/messages/${messageId}/files/${other.sha256}`))
          .statusCode,
      ).toBe(404);
    });

    it("answers for another person's mailbox exactly as for one that does not exist", async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      const before = await fx.eventCount();
      const strip = (body: Record<string, unknown>) => ({
        ...body,
        instance: undefined,
        correlationId: undefined,
      });
      const urls = (mailbox: string) => [
        `/v1/mailboxes/${mailbox}/messages`,
        `/v1/mailboxes/${mailbox}/messages/${messageId}`,
        `/v1/mailboxes/${mailbox}/folders`,
      ];
      const theirs = await Promise.all(urls(annasMailbox).map((url) => get(url, bo)));
      const nobodys = await Promise.all(urls('cpr:3112999999').map((url) => get(url, bo)));
      for (const [index, response] of theirs.entries()) {
        expect(response.statusCode).toBe(404);
        expect(strip(response.json())).toEqual(strip(nobodys[index]!.json()));
      }
      const missingLetter = await get(
        `/v1/mailboxes/${annasMailbox}/messages/${crypto.randomUUID()}`,
      );
      expect(strip(missingLetter.json())).toEqual(strip(theirs[1]!.json()));
      expect(await fx.eventCount()).toBe(before);
    });
  });
});
