import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
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

  const send = async (
    method: 'POST' | 'DELETE' | 'GET',
    url: string,
    extra: { ifMatch?: string; body?: object; client?: string } = {},
  ) =>
    fx.app.inject({
      method,
      url: `/v1/mailboxes/${annasMailbox}${url}`,
      headers: {
        ...(await fx.headers(anna, extra.client)),
        ...(extra.ifMatch ? { 'if-match': extra.ifMatch } : {}),
      },
      ...(extra.body ? { payload: extra.body } : {}),
    });

  describe('changing a letter from a viewing client', () => {
    it('marks read with the ETag it saw, and the other client sees it in /changes', async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      const { state } = (await send('GET', '/messages', { client: 'mitdk' })).json();
      const read = await send('POST', `/messages/${messageId}/read`, { ifMatch: '"1"' });
      expect(read.statusCode).toBe(200);
      expect(read.headers.etag).toBe('"2"');
      const changes = await send('GET', `/changes?sinceState=${state}`, { client: 'mitdk' });
      expect(changes.json()).toMatchObject({
        oldState: state,
        updated: [messageId],
        created: [],
        destroyed: [],
      });
      const listed = (await send('GET', '/messages', { client: 'mitdk' })).json().messages;
      expect(listed.find((m: { messageId: string }) => m.messageId === messageId)).toMatchObject({
        read: true,
        version: 2,
      });
    });

    it('refuses a stale ETag with 412 and a missing one with 428, changing nothing', async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      await send('POST', `/messages/${messageId}/read`, { ifMatch: '"1"' });
      const before = await fx.eventCount();
      const stale = await send('POST', `/messages/${messageId}/unread`, { ifMatch: '"1"' });
      expect(stale.statusCode).toBe(412);
      expect(stale.headers['content-type']).toContain('application/problem+json');
      const missing = await send('POST', `/messages/${messageId}/move`, {
        body: { folderId: 'archive' },
      });
      expect(missing.statusCode).toBe(428);
      expect(missing.json().type).toBe('https://digitalpost.dk/problems/precondition-required');
      expect(
        (await send('POST', `/messages/${messageId}/unread`, { ifMatch: 'W/"2"' })).statusCode,
      ).toBe(412);
      expect(await fx.eventCount()).toBe(before);
    });

    it('moves to another folder', async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      const moved = await send('POST', `/messages/${messageId}/move`, {
        ifMatch: '"1"',
        body: { folderId: 'archive' },
      });
      expect(moved.json()).toEqual({ version: 2 });
      const archive = (await send('GET', '/messages?folder=archive')).json().messages;
      expect(archive.map((m: { messageId: string }) => m.messageId)).toContain(messageId);
    });

    it('deletes to the trash, then for good; the letter is then gone from every listing', async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      const { state } = (await send('GET', '/messages')).json();
      expect((await send('DELETE', `/messages/${messageId}`)).json()).toEqual({
        version: 2,
        permanently: false,
      });
      expect(
        (await send('GET', '/messages?folder=trash'))
          .json()
          .messages.map((m: { messageId: string }) => m.messageId),
      ).toContain(messageId);
      expect((await send('DELETE', `/messages/${messageId}`, { ifMatch: '"2"' })).json()).toEqual({
        version: 3,
        permanently: true,
      });
      expect((await send('GET', `/messages/${messageId}`)).statusCode).toBe(404);
      expect((await send('GET', `/changes?sinceState=${state}`)).json().destroyed).toEqual([
        messageId,
      ]);
    });

    it('answers a too-old or malformed state clearly', async () => {
      expect((await send('GET', '/changes?sinceState=abc')).statusCode).toBe(400);
      const future = await send('GET', '/changes?sinceState=999999');
      expect(future.statusCode).toBe(409);
      expect(future.json().type).toBe('https://digitalpost.dk/problems/cannot-calculate-changes');
    });
  });
});
