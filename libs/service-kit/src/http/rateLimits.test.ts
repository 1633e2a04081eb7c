import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';
import { tokenSubjectOf } from './rateLimits.ts';

const FOLDERS = '/mailboxes/5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11/folders';
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenOf = (sub: string) => `${part({ alg: 'EdDSA' })}.${part({ sub })}.signature`;

let app: HttpApp;
beforeAll(async () => {
  ({ app } = await createExampleApp({
    rateLimits: [
      {
        name: 'user',
        max: 3,
        windowMs: 60_000,
        keyOf: (request) => tokenSubjectOf(request.headers.authorization),
      },
      { name: 'address', max: 8, windowMs: 60_000, keyOf: (request) => request.ip },
    ],
  }));
});
afterAll(() => app.close());

const asUser = (sub: string, remoteAddress = '10.0.0.1') =>
  app.inject({ url: FOLDERS, headers: { authorization: `Bearer ${tokenOf(sub)}` }, remoteAddress });

describe('rate limits', () => {
  it('refuses a caller over its limit with 429 and when to try again, others go on', async () => {
    for (let n = 0; n < 3; n += 1) expect((await asUser('cpr:1')).statusCode).toBe(200);
    const refused = await asUser('cpr:1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, detail: expect.stringMatching(/user/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await asUser('cpr:2')).statusCode).toBe(200);
  });

  it('counts every caller from one address against that address too', async () => {
    const answers = [];
    for (let n = 0; n < 9; n += 1) answers.push((await asUser(`cpr:x${n}`, '10.0.0.2')).statusCode);
    expect(answers.slice(0, 8).every((status) => status === 200)).toBe(true);
    expect(answers[8]).toBe(429);
  });

  it('never limits health, readiness or the documentation', async () => {
    for (let n = 0; n < 12; n += 1) {
      expect((await app.inject({ url: '/health', remoteAddress: '10.0.0.3' })).statusCode).toBe(
        200,
      );
    }
  });

  it('reads the subject of a token without trusting it, and nothing from what is no token', () => {
    expect(tokenSubjectOf(`Bearer ${tokenOf('cpr:0101901234')}`)).toBe('cpr:0101901234');
    expect(tokenSubjectOf('Bearer not-a-token')).toBeUndefined();
    expect(tokenSubjectOf(`Bearer a.${part({ sub: 42 })}.c`)).toBeUndefined();
    expect(tokenSubjectOf(undefined)).toBeUndefined();
  });
});
