import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';

const MAILBOX = '5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11';
let app: HttpApp;
beforeAll(async () => ({ app } = await createExampleApp()));
afterAll(() => app.close());

const everyAnswer = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

describe('security headers', () => {
  it.each([
    ['an answer', `/mailboxes/${MAILBOX}/folders`, 200],
    ['a refusal', '/mailboxes/not-a-uuid/folders', 400],
    ['an unknown route', '/nowhere', 404],
    ['a failure', '/fail/unexpected', 500],
  ])('on %s of the API, with no caching and nothing run', async (_, url, status) => {
    const answer = await app.inject({ url });
    expect(answer.statusCode).toBe(status);
    expect(answer.headers).toMatchObject({
      ...everyAnswer,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
  });

  it('on the documentation, whose page brings its own policy', async () => {
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject(everyAnswer);
    expect(page.headers['content-security-policy']).not.toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });
});
