import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp, type CapturedLogs } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';

let app: HttpApp;
let logs: CapturedLogs;
beforeAll(async () => ({ app, logs } = await createExampleApp()));
afterAll(() => app.close());

const postContext = (headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/context', payload: { note: 'hi' }, headers });

describe('correlation ids', () => {
  it('honours an acceptable incoming id, echoes it and exposes it to the handler', async () => {
    const response = await postContext({ 'x-correlation-id': 'sender-api:batch-17.3' });
    expect(response.headers['x-correlation-id']).toBe('sender-api:batch-17.3');
    // Read after the body was parsed: the request context survives fastify's stream callbacks.
    expect(response.json()).toMatchObject({ correlationId: 'sender-api:batch-17.3' });
  });

  it('generates one when none is sent', async () => {
    const response = await postContext();
    const generated = response.headers['x-correlation-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json()).toMatchObject({ correlationId: generated });
  });

  it('replaces an unacceptable id instead of echoing it', async () => {
    for (const hostile of ['x'.repeat(129), 'a\nforged log line', 'id with spaces', '<script>']) {
      const response = await postContext({ 'x-correlation-id': hostile });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-correlation-id']).not.toBe(hostile);
      expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('puts the id on every log line of the request, the first included', async () => {
    await postContext({ 'x-correlation-id': 'log-check-1' });
    const lines = logs.lines.filter((line) => line.correlationId === 'log-check-1');
    expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(new Set(lines.map((line) => line.reqId)).size).toBe(1);
  });

  it('logs the path without the query string', async () => {
    await app.inject({
      url: '/mailboxes/5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11/folders?limit=5&cpr=0101701234',
    });
    expect(logs.text()).not.toContain('0101701234');
  });

  it('masks a CPR number in the logged path, where mailbox ids carry one', async () => {
    await app.inject({ url: '/v1/mailboxes/cpr:0101701234/messages' });
    expect(logs.text()).not.toContain('0101701234');
    expect(logs.text()).toContain('/v1/mailboxes/cpr:**********/messages');
  });
});
