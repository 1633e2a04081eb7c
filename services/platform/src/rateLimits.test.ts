import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testing/testConfig.ts';

describe('rate limits of the fronts', () => {
  let dir: string;
  let platform: Platform;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-rate-limits-'));
    platform = await startPlatform(
      testConfig(dir, {
        DIGITAL_POST_RATE_LIMIT_USER: '2',
        DIGITAL_POST_RATE_LIMIT_SYSTEM: '2',
        DIGITAL_POST_RATE_LIMIT_CLIENT: '5',
      }),
    );
  });
  afterAll(async () => {
    await platform.close();
    await rm(dir, { recursive: true, force: true });
  });

  const tokenFor = async (principal: object) =>
    (
      await platform.apps.operations.inject({
        method: 'POST',
        url: '/dev/tokens',
        payload: principal,
      })
    ).json().token as string;

  it("refuses an authority's system past its limit, with when to try again", async () => {
    const token = await tokenFor({ kind: 'authority-system', authorityId: 'skat', systemId: 'a' });
    const receipts = () =>
      platform.apps.senderApi!.inject({
        url: '/v1/receipts',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await receipts()).statusCode).toBe(200);
    expect((await receipts()).statusCode).toBe(200);
    const refused = await receipts();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().detail).toMatch(/authority system/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts a person and the viewing client they come through, each on its own', async () => {
    const client = await tokenFor({ kind: 'viewing-client', clientId: 'e-boks' });
    const list = async (cpr: string) =>
      (
        await platform.apps.gateway!.inject({
          url: '/v1/mailboxes',
          headers: {
            authorization: `Bearer ${await tokenFor({ kind: 'citizen', cpr, clientId: 'e-boks' })}`,
            'x-client-token': client,
          },
        })
      ).statusCode;
    expect([await list('0101901234'), await list('0101901234')]).toEqual([200, 200]);
    expect(await list('0101901234')).toBe(429);
    // Another person through the same client goes on, until the client's own limit (5).
    expect([await list('0202802345'), await list('0202802345')]).toEqual([200, 200]);
    expect(await list('0303803456')).toBe(429);
  });
});
