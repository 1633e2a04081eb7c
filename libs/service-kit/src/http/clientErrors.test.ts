import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemDetailsSchema } from '../problems/problemDetails.ts';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';

let app: HttpApp;
let port: number;
beforeAll(async () => {
  ({ app } = await createExampleApp());
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(() => app.close());

/** Sends raw bytes, as a careless or hostile client would, and reads the answer to the end. */
const sendRaw = (request: string) =>
  new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
  });

const type = (slug: string) => `https://digitalpost.dk/problems/${slug}`;

describe('requests the HTTP parser refuses are answered with problem+json', () => {
  it('headers too large: 431', async () => {
    const big = `x-padding: ${'a'.repeat(20_000)}\r\n`;
    const answer = await sendRaw(`GET /health HTTP/1.1\r\nhost: x\r\n${big}\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers).toContain('content-type: application/problem+json');
    const problem = problemDetailsSchema.parse(JSON.parse(answer.body));
    expect(problem).toMatchObject({ status: 431, type: type('headers-too-large') });
    expect(answer.headers).toContain(`x-correlation-id: ${problem.correlationId}`);
  });

  it.each([
    ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n'],
    ['a header without a colon', 'GET /health HTTP/1.1\r\nhost: x\r\nbroken header\r\n\r\n'],
    ['a control character in a header', 'GET /health HTTP/1.1\r\nhost: x\r\nx-a: b\u0001c\r\n\r\n'],
    ['a bad content length', 'POST /health HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n'],
  ])('%s: 400', async (_, request) => {
    const answer = await sendRaw(request);
    expect(answer.status).toBe(400);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(problemDetailsSchema.parse(JSON.parse(answer.body))).toMatchObject({
      status: 400,
      type: type('unreadable-request'),
    });
  });
});
