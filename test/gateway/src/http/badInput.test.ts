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
  let messageId: string;

  beforeAll(async () => {
    fx = await openGatewayFixture({ ports });
    messageId = await fx.deliver({ recipientMailboxId: annasMailbox, replyAllowed: true });
  });
  afterAll(() => fx.close());

  const mb = `/v1/mailboxes/${annasMailbox}`;
  type Case = [
    string,
    'GET' | 'POST' | 'PUT' | 'DELETE',
    string,
    unknown?,
    Record<string, string>?,
  ];

  // Positions a client may forge: times JavaScript parses that PostgreSQL would not store as
  // meant, and text PostgreSQL cannot store at all.
  const letter = '3f0c9a52-1b6e-4c8e-9d2a-7e5b4c3a2f10';
  const listingCursors = (): [string, [string, string]][] => [
    ['a time in a form of its own', ['Tue, 01 Jan 2030 00:00:00 GMT', letter]],
    ['a time of year 0', ['0000-01-01T00:00:00.000Z', letter]],
    ['a day that does not exist', ['2026-02-30T00:00:00.000Z', letter]],
    ['a time of year 275760', ['+275760-09-13T00:00:00.000Z', letter]],
    ['a NUL in the letter id', ['2026-01-01T00:00:00.000Z', 'a\u0000b']],
  ];

  const cases = (): Case[] => [
    ['a malformed mailbox id', 'GET', '/v1/mailboxes/cpr:12/messages'],
    ['an injected mailbox id', 'GET', "/v1/mailboxes/cpr:0101901234'--/folders"],
    ['an unknown folder id', 'GET', `${mb}/messages?folder=../../etc`],
    ['a limit out of range', 'GET', `${mb}/messages?limit=100000`],
    [
      'a forged cursor',
      'GET',
      `${mb}/messages?cursor=${Buffer.from('{"x":1}').toString('base64url')}`,
    ],
    ...listingCursors().map(([what, position]): Case => [
      `a listing cursor with ${what}`,
      'GET',
      `${mb}/messages?cursor=${Buffer.from(JSON.stringify(position)).toString('base64url')}`,
    ]),
    ['an unknown query field', 'GET', `${mb}/messages?drop=table`],
    ['a message id that is no uuid', 'GET', `${mb}/messages/not-a-uuid`],
    ['a file digest that is no digest', 'GET', `${mb}/messages/${messageId}/files/abc`],
    ['a state that is no state', 'GET', `${mb}/changes?sinceState=${'9'.repeat(40)}`],
    ['changes without a state', 'GET', `${mb}/changes`],
    ['an event log cursor that is no cursor', 'GET', `${mb}/event-log?cursor=x`],
    ['a folder without a name', 'POST', `${mb}/folders`, {}],
    ['a folder name too long', 'POST', `${mb}/folders`, { name: 'x'.repeat(500) }],
    ['a folder with extra fields', 'POST', `${mb}/folders`, { name: 'a', admin: true }],
    ['a folder name with a control character', 'POST', `${mb}/folders`, { name: 'Skat\u001b[8m' }],
    [
      'a letter title with a control character',
      'POST',
      `${mb}/messages`,
      { to: { authorityId: 'skat' }, title: 'Klage\u0007', text: 'y' },
    ],
    [
      'a letter text with a control character other than a line break',
      'POST',
      `${mb}/messages`,
      { to: { authorityId: 'skat' }, title: 'Klage', text: 'linje 1\nlinje\u007f 2' },
    ],
    ['a folder named as a system folder', 'POST', `${mb}/folders`, { name: 'Trash' }],
    ['a rename of a system folder', 'PUT', `${mb}/folders/inbox/name`, { name: 'Mine' }],
    [
      'a move to the trash',
      'POST',
      `${mb}/messages/${messageId}/move`,
      { folderId: 'trash' },
      { 'if-match': '"1"' },
    ],
    [
      'a move without a folder',
      'POST',
      `${mb}/messages/${messageId}/move`,
      {},
      { 'if-match': '"1"' },
    ],
    [
      'a move to a folder that does not exist',
      'POST',
      `${mb}/messages/${messageId}/move`,
      { folderId: crypto.randomUUID() },
      { 'if-match': '"1"' },
    ],
    ['a letter to nobody', 'POST', `${mb}/messages`, { title: 'x', text: 'y' }],
    [
      'a letter to a hostile authority id',
      'POST',
      `${mb}/messages`,
      { to: { authorityId: 'a/../b' }, title: 'x', text: 'y' },
    ],
    [
      'a letter with a blank title',
      'POST',
      `${mb}/messages`,
      { to: { authorityId: 'skat' }, title: '   ', text: 'y' },
    ],
    [
      'an attachment that is not base64',
      'POST',
      `${mb}/messages`,
      {
        to: { authorityId: 'skat' },
        title: 'x',
        text: 'y',
        attachments: [{ name: 'a', mimeType: 'text/plain', contentBase64: '***' }],
      },
    ],
    ...['text/html', 'image/svg+xml', 'application/javascript'].map((mimeType): Case => [
      `an attachment of active content (${mimeType})`,
      'POST',
      `${mb}/messages`,
      {
        to: { authorityId: 'skat' },
        title: 'x',
        text: 'y',
        attachments: [{ name: 'a', mimeType, contentBase64: 'PGgxPmhpPC9oMT4=' }],
      },
    ]),
    [
      'a reply with a number for text',
      'POST',
      `${mb}/messages/${messageId}/replies`,
      { title: 'x', text: 42 },
    ],
    [
      'a body that is not JSON',
      'POST',
      `${mb}/folders`,
      '{"name": ',
      { 'content-type': 'application/json' },
    ],
    [
      'a body of another type',
      'POST',
      `${mb}/folders`,
      'name=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
    ],
    [
      'an oversized letter',
      'POST',
      `${mb}/messages`,
      { to: { authorityId: 'skat' }, title: 'x', text: 'y'.repeat(17 * 1024 * 1024) },
    ],
  ];

  describe('bad input on every endpoint', () => {
    it.each(cases().map((c) => [c[0], c] as const))(
      'refuses %s with a problem and writes nothing',
      async (_, [, method, url, body, headers]) => {
        const before = await fx.eventCount();
        const response = await fx.app.inject({
          method,
          url,
          headers: { ...(await fx.headers(anna)), ...headers },
          ...(body === undefined ? {} : { payload: body as string }),
        });
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(await fx.eventCount()).toBe(before);
      },
    );
  });
});
