import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@digital-post/testing';
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

describe('rate limits shared through Redis by the processes of a deployment', () => {
  let dir: string;
  let redis: RedisServer;
  let processes: Platform[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-shared-limits-'));
    redis = await startRedisServer();
    processes = [];
    for (const name of ['a', 'b']) {
      processes.push(
        await startPlatform(
          testConfig(join(dir, name), {
            DIGITAL_POST_RATE_LIMIT_SYSTEM: '2',
            DIGITAL_POST_RATE_LIMIT_REDIS_URL: redis.url,
            // One identity provider for both, as in a deployment.
            DIGITAL_POST_DEV_IDP_KEY_FILE: join(dir, 'idp-key.json'),
          }),
        ),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(processes.map((platform) => platform.close()));
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives an authority's system its limit once, whichever process it reaches", async () => {
    const [a, b] = processes as [Platform, Platform];
    const token = (
      await a.apps.operations.inject({
        method: 'POST',
        url: '/dev/tokens',
        payload: { kind: 'authority-system', authorityId: 'skat', systemId: 'shared' },
      })
    ).json().token as string;
    const receipts = (platform: Platform) =>
      platform.apps.senderApi!.inject({
        url: '/v1/receipts',
        headers: { authorization: `Bearer ${token}` },
      });
    // Windows are whole minutes of the clock: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000)
      await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const statuses = [];
    for (const platform of [a, b, a, b]) statuses.push((await receipts(platform)).statusCode);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});
