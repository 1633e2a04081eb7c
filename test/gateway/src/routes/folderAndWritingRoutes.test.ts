import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@digital-post/auth';
import {
  anna,
  annasMailbox,
  openGatewayFixture,
  type GatewayFixture,
  portTransports,
} from '../testing/index.ts';

describe.each(portTransports)('over %s ports', (ports) => {
  let fx: GatewayFixture;
  const clerk: Principal = { kind: 'employee', cvr: '12345678', rid: '7' };

  beforeAll(async () => {
    fx = await openGatewayFixture({ ports });
    // The company's first administrator, named by an operator: the clerk.
    await fx.access.appointAdministrator(
      'ops-1',
      'cvr:12345678',
      { cvr: '12345678', rid: '7' },
      'SR-1',
    );
  });
  afterAll(() => fx.close());

  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: object,
    person = anna,
  ) =>
    fx.app.inject({
      method,
      url,
      headers: await fx.headers(person),
      ...(body ? { payload: body } : {}),
    });

  describe('folders through the gateway', () => {
    it('lets a company employee make, rename and delete folders of the company mailbox', async () => {
      const base = '/v1/mailboxes/cvr:12345678/folders';
      const created = await call('POST', base, { name: 'Moms' }, clerk);
      expect(created.statusCode).toBe(201);
      const { folderId } = created.json();
      expect(
        (await call('PUT', `${base}/${folderId}/name`, { name: 'Moms 2025' }, clerk)).statusCode,
      ).toBe(204);
      const names = (await call('GET', base, undefined, clerk))
        .json()
        .folders.map((f: { name: string }) => f.name);
      expect(names).toEqual(['inbox', 'sent', 'archive', 'trash', 'Moms 2025']);
      expect((await call('POST', base, { name: 'moms 2025' }, clerk)).statusCode).toBe(409);
      expect((await call('DELETE', `${base}/inbox`, undefined, clerk)).statusCode).toBe(422);
      expect((await call('DELETE', `${base}/${folderId}`, undefined, clerk)).statusCode).toBe(204);
      const [opened] = (await fx.store.readStream('mailbox-cvr:12345678')).map((e) => e.data);
      expect(opened).toMatchObject({
        actorId: 'cvr:12345678:rid:7',
        onBehalfOf: 'cvr:12345678',
        viewingClient: 'e_boks',
      });
    });
  });

  describe('writing through the gateway', () => {
    it('writes to an authority and threads a reply', async () => {
      const written = await call('POST', `/v1/mailboxes/${annasMailbox}/messages`, {
        to: { authorityId: 'skat' },
        title: 'Spørgsmål',
        text: 'Hej',
        attachments: [
          {
            name: 'bilag.txt',
            mimeType: 'text/plain',
            contentBase64: Buffer.from('bilag').toString('base64'),
          },
        ],
      });
      expect(written.statusCode).toBe(201);
      const { messageId } = written.json();
      expect((await fx.store.readStream(`written-${messageId}`))[0]!.type).toBe('MessageAccepted');

      const original = await fx.deliver({ recipientMailboxId: annasMailbox, replyAllowed: true });
      const reply = await call(
        'POST',
        `/v1/mailboxes/${annasMailbox}/messages/${original}/replies`,
        {
          title: 'Svar',
          text: 'Tak',
        },
      );
      expect(reply.statusCode).toBe(201);
      expect(reply.json().threadId).toBe(original);
    });

    it('refuses a reply to a letter that allows none', async () => {
      const original = await fx.deliver({ recipientMailboxId: annasMailbox, replyAllowed: false });
      const reply = await call(
        'POST',
        `/v1/mailboxes/${annasMailbox}/messages/${original}/replies`,
        {
          title: 'Svar',
          text: 'Tak',
        },
      );
      expect(reply.statusCode).toBe(409);
      expect(reply.json().type).toBe('https://digitalpost.dk/problems/rules/reply-not-allowed');
    });
  });
});
