import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  openGatewayFixture,
  portTransports,
  type GatewayFixture,
} from '../testing/index.ts';

const son = '0202802345';
const carlsMailbox = 'cpr:0303703456';

/** Grants against the rules, through the gateway: each a clear problem, and nothing written. */
describe.each(portTransports)('refused grants over %s ports', (ports) => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    fx = await openGatewayFixture({ ports, people: [son] });
  });
  afterAll(() => fx.close());

  const asAnna = async (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    fx.app.inject({ method, url, headers: await fx.headers(anna), ...(payload && { payload }) });

  const expectRefused = async (
    answer: Awaited<ReturnType<typeof asAnna>>,
    status: number,
    type: string,
  ) => {
    expect(answer.statusCode, answer.body).toBe(status);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json().type).toMatch(new RegExp(`/${type}$`));
  };

  it.each([
    ['an invalid CPR number', { holderCpr: '3213901234', access: 'read' }, 400, 'validation'],
    [
      'a CPR number no person has',
      { holderCpr: '0909090999', access: 'read' },
      422,
      'rules/unknown-person',
    ],
    [
      'access to oneself',
      { holderCpr: '0101901234', access: 'read' },
      422,
      'rules/access-to-oneself',
    ],
    [
      'an end in the past',
      { holderCpr: son, access: 'read', endsAt: '2020-01-01T00:00:00Z' },
      422,
      'rules/ends-in-the-past',
    ],
  ] as const)('refuses a grant of %s', async (_what, body, status, type) => {
    const before = await fx.eventCount();
    await expectRefused(
      await asAnna('POST', `/v1/mailboxes/${annasMailbox}/access`, body),
      status,
      type,
    );
    expect(await fx.eventCount()).toBe(before);
  });

  it('refuses a grant on a mailbox one does not own as a mailbox that does not exist', async () => {
    const before = await fx.eventCount();
    const answer = await asAnna('POST', `/v1/mailboxes/${carlsMailbox}/access`, {
      holderCpr: son,
      access: 'read',
    });
    await expectRefused(answer, 404, 'not-found');
    expect(await fx.eventCount()).toBe(before);
  });

  it('refuses revoking twice', async () => {
    const url = `/v1/mailboxes/${annasMailbox}/access/cpr:${son}`;
    expect(
      (
        await asAnna('POST', `/v1/mailboxes/${annasMailbox}/access`, {
          holderCpr: son,
          access: 'full',
        })
      ).statusCode,
    ).toBe(201);
    expect((await asAnna('DELETE', url)).statusCode).toBe(204);
    const before = await fx.eventCount();
    await expectRefused(await asAnna('DELETE', url), 409, 'rules/no-access-to-revoke');
    expect(await fx.eventCount()).toBe(before);
  });
});
