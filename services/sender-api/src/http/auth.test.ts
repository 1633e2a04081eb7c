import { createDevIssuer } from '@digital-post/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIENCE,
  bearer,
  openHarness,
  validMessage,
  writtenRows,
  type Harness,
} from '../testing/senderApiHarness.ts';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

const endpoints = [
  { method: 'POST' as const, url: '/v1/messages', payload: validMessage() },
  { method: 'POST' as const, url: '/v1/messages/batch', payload: { messages: [validMessage()] } },
  { method: 'GET' as const, url: `/v1/messages/${crypto.randomUUID()}` },
  { method: 'GET' as const, url: '/v1/receipts' },
  { method: 'GET' as const, url: '/v1/reachability/cpr/0101901234' },
];

const authority = { kind: 'authority-system' as const, authorityId: 'skat', systemId: 's1' };

const badTokens: Array<[string, () => Promise<Record<string, string>>]> = [
  ['no token', async () => ({})],
  ['a Basic credential', async () => ({ authorization: 'Basic c2thdDpzZWNyZXQ=' })],
  ['garbage', async () => bearer('garbage')],
  [
    'an expired token',
    async () => bearer(await h.issuer.issue(authority, { audience: AUDIENCE, ttlSeconds: -300 })),
  ],
  [
    'a token for another audience',
    async () => bearer(await h.issuer.issue(authority, { audience: 'https://gateway' })),
  ],
  [
    'a forged token (another key)',
    async () => {
      const forger = await createDevIssuer({ issuer: h.issuer.issuer });
      return bearer(await forger.issue(authority, { audience: AUDIENCE }));
    },
  ],
  [
    "a citizen's token",
    async () =>
      bearer(await h.issuer.issue({ kind: 'citizen', cpr: '0101901234' }, { audience: AUDIENCE })),
  ],
];

describe('authentication on every endpoint', () => {
  it.each(badTokens)(
    '%s → 401 with a Bearer challenge, nothing written',
    async (_case, headersOf) => {
      const headers = await headersOf();
      for (const endpoint of endpoints) {
        const response = await h.app.inject({ ...endpoint, headers });
        expect(response.statusCode, `${endpoint.method} ${endpoint.url}`).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.json()).toMatchObject({
          type: 'https://digitalpost.dk/problems/unauthorized',
        });
      }
      expect(await writtenRows(h.db)).toEqual({ events: 0, files: 0, letters: 0, entries: 0 });
    },
  );

  it('answers reachability for an authority system', async () => {
    const headers = bearer(await h.tokenFor('skat'));
    const paper = await h.app.inject({ url: '/v1/reachability/cpr/0101901234', headers });
    expect(paper.json()).toEqual({
      recipient: { kind: 'cpr', id: '0101901234' },
      channel: 'paper',
      reason: 'exempt',
    });
    const digital = await h.app.inject({ url: '/v1/reachability/cvr/12345678', headers });
    expect(digital.json()).toMatchObject({ channel: 'digital', reason: 'enrolled' });
  });
});
