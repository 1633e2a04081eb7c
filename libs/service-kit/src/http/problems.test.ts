import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemDetailsSchema } from '../problems/problemDetails.ts';
import { createExampleApp, type CapturedLogs } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';

const FOLDERS = '/mailboxes/5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11/folders';
const type = (slug: string): string => `https://digitalpost.dk/problems/${slug}`;

let app: HttpApp;
let logs: CapturedLogs;
beforeAll(async () => ({ app, logs } = await createExampleApp({ bodyLimit: 1024 })));
afterAll(() => app.close());

const expectProblem = (
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  problemType: string,
) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = problemDetailsSchema.parse(response.json());
  expect(body).toMatchObject({ status, type: problemType });
  expect(body.correlationId).toBe(response.headers['x-correlation-id']);
  return body;
};

describe('bad input answers with problem+json', () => {
  it('malformed JSON is a 400 malformed-body problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: FOLDERS,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Tax',
    });
    const body = expectProblem(response, 400, type('malformed-body'));
    expect(body.instance).toBe(FOLDERS);
  });

  it('an empty JSON body is a 400 malformed-body problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: FOLDERS,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, type('malformed-body'));
  });

  it('unknown fields in a strict body are rejected, naming the field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: FOLDERS,
      payload: { name: 'Tax', owner: 'someone-else' },
    });
    const body = expectProblem(response, 400, type('validation'));
    expect(body.errors).toEqual([
      expect.objectContaining({ location: 'body', code: 'unrecognized_keys' }),
    ]);
    expect(body.errors?.[0]?.message).toContain('owner');
  });

  it('wrong types point at the offending value', async () => {
    const response = await app.inject({ method: 'POST', url: FOLDERS, payload: { name: 42 } });
    const body = expectProblem(response, 400, type('validation'));
    expect(body.errors).toEqual([
      expect.objectContaining({ location: 'body', pointer: '/name', code: 'invalid_type' }),
    ]);
  });

  it('bad path parameters and query strings are validation problems too', async () => {
    const params = await app.inject({
      method: 'POST',
      url: '/mailboxes/nope/folders',
      payload: {},
    });
    expect(expectProblem(params, 400, type('validation')).errors?.[0]).toMatchObject({
      location: 'params',
      pointer: '/mailboxId',
    });
    const query = await app.inject({ url: `${FOLDERS}?limit=many` });
    expect(expectProblem(query, 400, type('validation')).errors?.[0]).toMatchObject({
      location: 'querystring',
      pointer: '/limit',
    });
  });

  it('a body over the limit is a 413 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: FOLDERS,
      payload: { name: 'x'.repeat(2048) },
    });
    expectProblem(response, 413, type('payload-too-large'));
  });

  it('a body that is not JSON is a 415 problem', async () => {
    for (const contentType of [
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: FOLDERS,
        headers: { 'content-type': contentType },
        payload: 'name=Tax',
      });
      expectProblem(response, 415, type('unsupported-media-type'));
    }
  });

  it('an unknown route is a 404 problem that does not echo the query string', async () => {
    const response = await app.inject({ url: '/letters/123?cpr=0101701234' });
    const body = expectProblem(response, 404, type('not-found'));
    expect(body.instance).toBe('/letters/123');
    expect(response.body).not.toContain('0101701234');
  });

  it('a malformed URL is a 400 problem', async () => {
    expectProblem(await app.inject({ url: '/%E0%A4%A' }), 400, type('bad-request'));
  });
});

describe('errors thrown by routes', () => {
  it('an unexpected error is a generic 500: no message, no stack; the log has both', async () => {
    const response = await app.inject({ url: '/fail/unexpected' });
    const body = expectProblem(response, 500, type('internal'));
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    expect(Object.keys(body).sort()).toEqual(
      ['correlationId', 'detail', 'instance', 'status', 'title', 'type'].sort(),
    );
    const logged = logs.lines.find((line) => line.correlationId === body.correlationId && line.err);
    expect(JSON.stringify(logged)).toContain('hunter2');
  });

  it('a response that breaks its own schema is a 500, not a half-valid answer', async () => {
    expectProblem(await app.inject({ url: '/fail/response' }), 500, type('internal'));
  });

  it('a ProblemError answers with its problem and extension members', async () => {
    const response = await app.inject({ url: '/fail/forbidden' });
    const body = expectProblem(response, 403, type('forbidden'));
    expect(body).toMatchObject({ detail: 'Only the owner may grant access.', mailboxId: 'mbx-1' });
  });

  it('a DomainRuleError is a 409 whose type names the rule', async () => {
    const body = expectProblem(
      await app.inject({ url: '/fail/rule' }),
      409,
      type('rules/folder-name-taken'),
    );
    expect(body.detail).toBe('A folder named "Tax" already exists.');
  });

  it('a ConcurrencyError is a 409 conflict, or 412 when the client sent If-Match', async () => {
    expectProblem(await app.inject({ url: '/fail/conflict' }), 409, type('conflict'));
    const conditional = await app.inject({ url: '/fail/conflict', headers: { 'if-match': '"3"' } });
    const body = expectProblem(conditional, 412, type('precondition-failed'));
    expect(body.detail).not.toContain('folders-mbx-1');
  });
});
