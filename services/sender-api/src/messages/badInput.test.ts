import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  openHarness,
  validMessage,
  writtenRows,
  type Harness,
} from '../testing/senderApiHarness.ts';

let h: Harness;
let headers: Record<string, string>;

const limits = {
  maxFileBytes: 1000,
  maxMessageBytes: 1500,
  maxBatchMessages: 5,
  maxBatchBytes: 2500,
};

beforeAll(async () => {
  h = await openHarness(limits);
  headers = bearer(await h.tokenFor('skat'));
});
afterAll(() => h.close());

const withFile = (content: string, mimeType = 'application/pdf') =>
  validMessage({
    documents: [{ role: 'main', title: 'T', files: [{ name: 'a.pdf', mimeType, content }] }],
  });

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

const base64Of = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

const expectProblem = async (request: InjectOptions, status: number, type?: string) => {
  const response = await h.app.inject(request);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const body = response.json();
  if (type) expect(body.type).toBe(`https://digitalpost.dk/problems/${type}`);
  expect(body.status).toBe(status);
  expect(await writtenRows(h.db)).toEqual({ events: 0, files: 0, letters: 0, entries: 0 });
  return body;
};

const post = (payload: unknown, url = '/v1/messages') => ({
  method: 'POST' as const,
  url,
  headers: { ...headers, 'content-type': 'application/json' },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

describe('bad input to POST /v1/messages writes nothing', () => {
  it.each([
    ['malformed JSON', '{"messageUUID": ', 'malformed-body'],
    ['an empty body', '', 'malformed-body'],
    ['a JSON array', '[]', 'validation'],
  ])('%s → 400', async (_case, payload, type) => {
    await expectProblem(post(payload), 400, type);
  });

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['an unknown field', { bcc: 'someone' }],
    ['a UUID that is not one', { messageUUID: 'not-a-uuid' }],
    ['a CPR of 9 digits', { recipient: { kind: 'cpr', id: '010190123' } }],
    ['a CPR with no such date', { recipient: { kind: 'cpr', id: '3102901234' } }],
    ['a CVR of letters', { recipient: { kind: 'cvr', id: '1234567a' } }],
    ['an unknown recipient kind', { recipient: { kind: 'email', id: 'a@b.dk' } }],
    ['a title of the wrong type', { title: 42 }],
    ['an empty title', { title: '' }],
    ['a title with control characters', { title: 'a\u0000b' }],
    ['a notification text with an escape sequence', { notificationText: 'Ny post\u001b[8m' }],
    ['a notification text with half a surrogate pair', { notificationText: 'Ny post \ud800' }],
    ['no documents', { documents: [] }],
    [
      'two main documents',
      { documents: [validMessage().documents[0], validMessage().documents[0]] },
    ],
    [
      'a javascript: action',
      { actions: [{ kind: 'payment', label: 'x', url: 'javascript:alert(1)' }] },
    ],
    [
      'an http action',
      { actions: [{ kind: 'payment', label: 'x', url: 'http://pay.example.dk' }] },
    ],
    ['an unknown action kind', { actions: [{ kind: 'sign', label: 'x', url: 'https://a.dk' }] }],
    [
      'a reply date without a reply allowed',
      { reply: { allowed: false, replyByDateTime: '2030-01-01T00:00:00Z' } },
    ],
    ['a date that is not one', { doNotDeliverUntil: 'tomorrow' }],
    ['legalNotification as a string', { legalNotification: 'yes' }],
  ];
  it.each(invalid)('%s → 400 validation', async (_case, change) => {
    const body = await expectProblem(post(validMessage(change)), 400, 'validation');
    expect(body.errors.length).toBeGreaterThan(0);
  });

  it.each([
    ['not base64', 'this is not base64!'],
    ['base64 with a line break', 'aGVq\naGVq'],
    ['base64 without padding', 'aGVqaG'],
  ])('file content %s → 400', async (_case, content) => {
    await expectProblem(post(withFile(content)), 400, 'validation');
  });

  it('refuses an HTML file (active content) → 400', async () => {
    await expectProblem(post(withFile(base64Of(10), 'text/html')), 400, 'validation');
  });

  it('refuses a file over the per-file limit → 413 naming the file', async () => {
    const body = await expectProblem(post(withFile(base64Of(1001))), 413, 'payload-too-large');
    expect(body.errors[0].pointer).toBe('/documents/0/files/0/content');
  });

  it('refuses files over the per-message total → 413', async () => {
    const file = { name: 'a.pdf', mimeType: 'application/pdf', content: base64Of(800) };
    const message = validMessage({
      documents: [{ role: 'main', title: 'T', files: [file, file] }],
    });
    await expectProblem(post(message), 413, 'payload-too-large');
  });

  it('refuses a body over the route limit → 413', async () => {
    await expectProblem(post(withFile(base64Of(100_000))), 413, 'payload-too-large');
  });

  it('refuses another content type → 415', async () => {
    await expectProblem(
      { ...post('hello'), headers: { ...headers, 'content-type': 'text/plain' } },
      415,
      'unsupported-media-type',
    );
    await expectProblem(
      { ...post('<m/>'), headers: { ...headers, 'content-type': 'application/xml' } },
      415,
      'unsupported-media-type',
    );
  });
});

describe('bad input to the other endpoints', () => {
  it('refuses a batch that is not a list of 1 to maxBatchMessages', async () => {
    await expectProblem(post({ messages: [] }, '/v1/messages/batch'), 400, 'validation');
    const six = Array.from({ length: 6 }, () => validMessage());
    await expectProblem(post({ messages: six }, '/v1/messages/batch'), 400, 'validation');
    await expectProblem(post({ messages: [validMessage()], extra: 1 }, '/v1/messages/batch'), 400);
    await expectProblem(post('{"messages": [', '/v1/messages/batch'), 400, 'malformed-body');
  });

  it('refuses a batch whose files together exceed the batch limit → 413, storing none', async () => {
    const messages = Array.from({ length: 3 }, () => withFile(base64Of(900)));
    await expectProblem(post({ messages }, '/v1/messages/batch'), 413, 'payload-too-large');
  });

  it.each([
    ['/v1/messages/not-a-uuid', 400],
    [`/v1/messages/${crypto.randomUUID()}`, 404],
    ['/v1/receipts?after=%%%', 400],
    ['/v1/receipts?after=bm90LWEtY3Vyc29y', 400],
    // Numbers past what the database's xid8 and bigint hold, in a cursor's own form.
    [`/v1/receipts?after=${cursorOf('v1:18446744073709551616:1')}`, 400],
    [`/v1/receipts?after=${cursorOf('v1:1:9223372036854775808')}`, 400],
    [`/v1/receipts?after=${cursorOf('v1:99999999999999999999:99999999999999999999')}`, 400],
    ['/v1/receipts?limit=0', 400],
    ['/v1/receipts?limit=100000', 400],
    ['/v1/receipts?limit=ten', 400],
    ['/v1/receipts?unknown=1', 400],
    ['/v1/reachability/cpr/123', 400],
    ['/v1/reachability/cpr/3102901234', 400],
    ['/v1/reachability/cvr/1234567', 400],
    ['/v1/reachability/email/a@b.dk', 400],
  ])('GET %s → %i problem', async (url, status) => {
    await expectProblem({ method: 'GET' as const, url, headers }, status);
  });
});
