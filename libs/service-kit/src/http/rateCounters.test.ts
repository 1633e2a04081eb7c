import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@digital-post/testing';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';
import { redisRateCounter, type RateCounter } from './rateCounters.ts';
import { tokenSubjectOf, type RateLimit } from './rateLimits.ts';

const FOLDERS = '/mailboxes/5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11/folders';
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenOf = (sub: string) => `${part({ alg: 'EdDSA' })}.${part({ sub })}.signature`;
const perUser: RateLimit = {
  name: 'user',
  max: 3,
  // Windows are aligned to the clock: an hour's makes a boundary inside the test most unlikely.
  windowMs: 3_600_000,
  keyOf: (request) => tokenSubjectOf(request.headers.authorization),
};

/** Two processes of one front, as a deployment runs them, each with its own Redis client. */
describe('rate limits counted in Redis', () => {
  let redis: RedisServer;
  let counters: RateCounter[];
  let processes: HttpApp[];
  beforeAll(async () => {
    redis = await startRedisServer();
    counters = await Promise.all([1, 2].map(() => redisRateCounter({ url: redis.url })));
    processes = await Promise.all(
      counters.map(async (rateCounter) => {
        const { app } = await createExampleApp({ rateLimits: [perUser], rateCounter });
        return app;
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(processes.map((app) => app.close()));
    await Promise.all(counters.map((counter) => counter.close()));
    await redis.stop();
  });

  const asUser = (app: HttpApp, sub: string) =>
    app.inject({ url: FOLDERS, headers: { authorization: `Bearer ${tokenOf(sub)}` } });

  it('gives a caller its limit once across every process, not once per process', async () => {
    const [first, second] = processes as [HttpApp, HttpApp];
    const statuses = [];
    for (const app of [first, second, first, second, first]) {
      statuses.push((await asUser(app, 'cpr:shared')).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await asUser(second, 'cpr:shared');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await asUser(second, 'cpr:other')).statusCode).toBe(200);
  });

  it('keeps answering when Redis is gone, each process counting on its own meanwhile', async () => {
    await redis.stop();
    const [first] = processes as [HttpApp];
    const statuses = [];
    for (let n = 0; n < 4; n += 1) statuses.push((await asUser(first, 'cpr:alone')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
