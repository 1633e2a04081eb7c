import {
  accessPort,
  mailboxPort,
  myEnrollmentPort,
  noticeDetailsPort,
  type PortDefinition,
} from '@digital-post/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGatewayFixture, type GatewayFixture } from '../testing/index.ts';

const ports: PortDefinition<unknown>[] = [
  mailboxPort as PortDefinition<unknown>,
  myEnrollmentPort as PortDefinition<unknown>,
  noticeDetailsPort as PortDefinition<unknown>,
  accessPort as PortDefinition<unknown>,
];

/**
 * What another process may send a port: any JSON at all as its arguments. Every method answers
 * a clear 4xx problem (or, should the values happen to fit, an answer), never a fault of ours,
 * and writes nothing.
 */
describe('hostile arguments to every method of the ports served between processes', () => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    fx = await openGatewayFixture({ ports: 'http', enrollment: true });
  });
  afterAll(() => fx?.close());

  const call = async (path: string, body: string) => {
    const response = await fetch(`${fx.served!.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await fx.served!.token()}`,
        'content-type': 'application/json',
      },
      body,
    });
    const type = response.headers.get('content-type') ?? '';
    await response.body?.cancel();
    return { status: response.status, type };
  };

  for (const port of ports) {
    for (const method of [...port.calls, ...port.streams]) {
      it(`${port.name}.${method}`, async () => {
        const before = await fx.eventCount();
        await fc.assert(
          fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 6 }), async (args) => {
            const { status, type } = await call(
              `/internal/${port.name}/${method}`,
              JSON.stringify({ args }),
            );
            expect(status).toBeLessThan(500);
            if (status >= 400 && status !== 422) expect(type).toMatch(/problem\+json/);
          }),
          { numRuns: 40 },
        );
        expect(await fx.eventCount()).toBe(before);
      });
    }
  }
});
