import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';
import { isStorableText } from './storableText.ts';

const MAILBOX = '5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11';
let app: HttpApp;
beforeAll(async () => ({ app } = await createExampleApp()));
afterAll(() => app.close());

const json = (payload: string) => ({
  method: 'POST' as const,
  url: `/mailboxes/${MAILBOX}/folders`,
  headers: { 'content-type': 'application/json' },
  payload,
});

describe('text the database cannot store is refused before any route sees it', () => {
  it.each([
    ['a NUL in a body string', json('{"name":"Skat\\u0000"}'), 'body', '/name'],
    ['a lone high surrogate', json('{"name":"Skat\\ud800"}'), 'body', '/name'],
    ['a lone low surrogate', json('{"name":"\\udc00Skat"}'), 'body', '/name'],
    ['a NUL in a key', json('{"name":"Skat","a\\u0000b":1}'), 'body', '/a\u0000b'],
    [
      'a NUL in the query',
      { url: `/mailboxes/${MAILBOX}/folders?limit=%00` },
      'querystring',
      '/limit',
    ],
    ['a NUL in a path parameter', { url: '/mailboxes/a%00b/folders' }, 'params', '/mailboxId'],
    [
      'a UTF-16 half written as bytes in the query',
      { url: `/mailboxes/${MAILBOX}/folders?limit=a%ED%A0%80b` },
      'querystring',
      '',
    ],
    [
      'bytes that are no UTF-8 in the query',
      { url: `/mailboxes/${MAILBOX}/folders?l%FF=1` },
      'querystring',
      '',
    ],
  ])('%s: 400 naming where', async (_, request, location, pointer) => {
    const code =
      location === 'querystring' && pointer === '' ? 'unreadable_encoding' : 'unstorable_text';
    const answer = await app.inject(request);
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json().errors).toEqual([expect.objectContaining({ location, pointer, code })]);
  });

  it('lets whole surrogate pairs and other unicode through', async () => {
    const answer = await app.inject(json('{"name":"Skat 🏛️ æøå \\ud83d\\ude00"}'));
    expect(answer.statusCode).toBe(201);
  });

  it('knows text from what only looks like it', () => {
    expect(isStorableText('brev 😀')).toBe(true);
    expect(isStorableText('\u0000')).toBe(false);
    expect(isStorableText('a\ud83d')).toBe(false);
    expect(isStorableText('\ude00a')).toBe(false);
  });
});
