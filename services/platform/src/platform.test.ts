import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRegisterBatch } from '@digital-post/enrollment';
import { loadConfig } from '@digital-post/service-kit';
import { waitFor } from '@digital-post/testing';
import { platformConfigSchema } from './config.ts';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testing/testConfig.ts';

describe('the platform on the embedded default', () => {
  let dataDir: string;
  let platform: Platform;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dp-platform-'));
    platform = await startPlatform(testConfig(dataDir));
  });
  afterEach(async () => {
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is live and ready on every front, each with its OpenAPI document', async () => {
    const operator = await platform.apps.operations.inject({
      method: 'POST',
      url: '/dev/tokens',
      payload: { kind: 'operator', operatorId: 'ops-1' },
    });
    const headers = { authorization: `Bearer ${operator.json().token}` };
    for (const [name, app] of Object.entries(platform.apps)) {
      expect((await app.inject('/health')).statusCode, name).toBe(200);
      expect((await app.inject('/ready')).statusCode, name).toBe(200);
      const docs = await app.inject({ url: '/docs/json', headers });
      expect(docs.json(), name).toMatchObject({
        info: { title: expect.stringMatching(/^Digital Post/) },
      });
    }
  });

  it('is not ready while one of its consumers is down, naming its group; operators see it', async () => {
    const ready = () => platform.apps.operations.inject('/ready');
    const operator = await platform.apps.operations.inject({
      method: 'POST',
      url: '/dev/tokens',
      payload: { kind: 'operator', operatorId: 'ops-1' },
    });
    const consumers = async () =>
      (
        await platform.apps.operations.inject({
          url: '/admin/consumers',
          headers: { authorization: `Bearer ${operator.json().token}` },
        })
      ).json();
    const auditOf = async () =>
      (await consumers()).consumers.find((c: { groupId: string }) => c.groupId === 'audit');
    expect((await ready()).json().checks).toContainEqual({
      name: 'consumer mailbox',
      status: 'pass',
    });
    // A consumer's subscription reads its checkpoint as it starts; failing that, it is restarted.
    const { db } = platform.store;
    await db.query('alter table subscription_checkpoints rename to checkpoints_away');
    const audit = await platform.bus.consume({
      groupId: 'audit',
      categories: ['message'],
      handle: async () => undefined,
    });
    try {
      const unready = await waitFor(
        async () => {
          const answer = await ready();
          return answer.statusCode === 503 && answer;
        },
        { intervalMs: 250 },
      );
      expect(unready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unready.json()).toMatchObject({
        detail: 'Failing checks: consumer audit.',
        checks: expect.arrayContaining([{ name: 'consumer audit', status: 'fail' }]),
      });
      expect(await auditOf()).toMatchObject({ state: 'restarting', behind: null });
      await db.query('alter table checkpoints_away rename to subscription_checkpoints');
      await waitFor(async () => (await ready()).statusCode === 200, {
        intervalMs: 250,
        message: 'ready again',
      });
      await waitFor(async () => {
        const audit = await auditOf();
        return audit?.state === 'running' && audit.behind?.events === 0;
      });
    } finally {
      await audit.stop();
    }
  });

  it('shows operators who was refused a mailbox, and no one else', async () => {
    const tokenOf = async (principal: object) =>
      (
        await platform.apps.operations.inject({
          method: 'POST',
          url: '/dev/tokens',
          payload: principal,
        })
      ).json().token as string;
    const refused = await platform.apps.gateway!.inject({
      url: '/v1/mailboxes/cpr:0101901234/folders',
      headers: {
        authorization: `Bearer ${await tokenOf({ kind: 'citizen', cpr: '0202802345', clientId: 'mit-dk' })}`,
        'x-client-token': await tokenOf({ kind: 'viewing-client', clientId: 'mit-dk' }),
      },
    });
    expect(refused.statusCode).toBe(404);
    const url = '/admin/mailboxes/refused-access';
    const operator = await tokenOf({ kind: 'operator', operatorId: 'ops-1' });
    const listed = await platform.apps.operations.inject({
      url,
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(listed.json().refused).toEqual([
      expect.objectContaining({ actorId: 'cpr:0202802345', viewingClient: 'mit_dk', attempts: 1 }),
    ]);
    expect((await platform.apps.operations.inject({ url })).statusCode).toBe(401);
  });

  it('serves Prometheus metrics: the process, and each consumer group with its lag', async () => {
    const metrics = await waitFor(async () => {
      const answer = await platform.apps.operations.inject('/metrics');
      return answer.body.includes('digitalpost_consumer_lag_events{group="mailbox"} 0') && answer;
    });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('digitalpost_consumer_state{group="mailbox",state="running"} 1');
    expect(metrics.body).toContain('digitalpost_consumer_lag_seconds{group="mailbox"} 0');
    expect(metrics.body).toMatch(/^digitalpost_process_resident_memory_bytes \d+/m);
    // No relay on the embedded bus: its gauges carry no value.
    expect(metrics.body).not.toMatch(/^digitalpost_relay_\w+ /m);
  });

  it("shows the operators' API documentation to operators only", async () => {
    for (const url of ['/docs', '/docs/json', '/docs/yaml']) {
      const answer = await platform.apps.operations.inject({ url });
      expect(answer.statusCode, url).toBe(401);
      expect(answer.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    expect((await platform.apps.gateway!.inject('/docs/json')).statusCode).toBe(200);
  });

  it('keeps what was written in its data directory across a restart', async () => {
    await platform.store.store.append('message-1', [{ type: 'MessageAccepted', data: { n: 1 } }]);
    await platform.close();
    platform = await startPlatform(testConfig(dataDir));
    expect(await platform.store.store.readStream('message-1')).toHaveLength(1);
  });
});

/** Asks the sender API, as an authority, how post reaches a citizen. */
const reachabilityOf = async (platform: Platform, cpr: string) => {
  const issued = await platform.apps.operations.inject({
    method: 'POST',
    url: '/dev/tokens',
    payload: { kind: 'authority-system', authorityId: 'skat', systemId: 'letters' },
  });
  const answer = await platform.apps.senderApi!.inject({
    url: `/v1/reachability/cpr/${cpr}`,
    headers: { authorization: `Bearer ${issued.json().token}` },
  });
  expect(answer.statusCode).toBe(200);
  return answer.json();
};

describe('enrollment in the platform', () => {
  let dir: string;
  let platform: Platform;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-platform-enrollment-'));
  });
  afterEach(async () => {
    await platform.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('enrolls from the register feed, and the sender API answers from enrollment', async () => {
    const config = testConfig(dir, { DIGITAL_POST_REGISTER_POLL_MS: '50' });
    platform = await startPlatform(config);
    expect(await reachabilityOf(platform, '0101901234')).toMatchObject({ channel: 'paper' });
    await writeRegisterBatch(config.DIGITAL_POST_REGISTER_FEED_DIR, 'b1', [
      {
        id: 'r1',
        register: 'population',
        type: 'born',
        cpr: '0101901234',
        birthDate: '1990-01-01',
      },
    ]);
    await waitFor(
      async () => (await reachabilityOf(platform, '0101901234')).channel === 'digital',
      { message: 'enrolled from the register feed' },
    );
  });

  it('asks the enrollment service in another process, over its port, with its own database', async () => {
    // Two processes' platforms, each on its own PGlite: only the port joins them.
    const shared = { DIGITAL_POST_SERVICE_KEY_FILE: join(dir, 'service-key.json') };
    const enrollment = await startPlatform(
      testConfig(join(dir, 'enrollment'), { ...shared, DIGITAL_POST_SERVICES: 'enrollment' }),
    );
    try {
      const url = await enrollment.apps.internal!.listen({ host: '127.0.0.1', port: 0 });
      platform = await startPlatform(
        testConfig(join(dir, 'sender'), {
          ...shared,
          DIGITAL_POST_SERVICES: 'sender-api',
          DIGITAL_POST_ENROLLMENT_URL: url,
        }),
      );
      expect(await reachabilityOf(platform, '0101901234')).toMatchObject({
        channel: 'paper',
        reason: 'not_enrolled',
      });
      expect((await platform.apps.senderApi!.inject('/ready')).statusCode).toBe(200);
    } finally {
      await enrollment.close();
    }
    // The enrollment process is gone: the sender API no longer reports itself ready.
    expect((await platform.apps.senderApi!.inject('/ready')).statusCode).toBe(503);
  });
});

describe('one service of the platform, as a container at scale runs it', () => {
  it('serves only the fronts of the services it runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-platform-routing-'));
    const platform = await startPlatform(testConfig(dir, { DIGITAL_POST_SERVICES: 'routing' }));
    try {
      // Its port (letters decided again, for operations) on its internal front.
      expect(Object.keys(platform.apps)).toEqual(['operations', 'internal']);
      const admin = await platform.apps.operations.inject('/admin/held-messages');
      expect(admin.statusCode).toBe(401);
    } finally {
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('platform configuration', () => {
  it('refuses a process whose gateway or sender API could not reach the ports they call', () => {
    expect(() => loadConfig(platformConfigSchema, { DIGITAL_POST_SERVICES: 'sender-api' })).toThrow(
      /DIGITAL_POST_ENROLLMENT_URL/,
    );
    expect(() => loadConfig(platformConfigSchema, { DIGITAL_POST_SERVICES: 'operations' })).toThrow(
      /DIGITAL_POST_ROUTING_URL/,
    );
    expect(() => loadConfig(platformConfigSchema, { DIGITAL_POST_SERVICES: 'gateway' })).toThrow(
      /DIGITAL_POST_MAILBOX_URL/,
    );
    expect(() =>
      loadConfig(platformConfigSchema, { DIGITAL_POST_SERVICES: 'access-control' }),
    ).toThrow(/DIGITAL_POST_ENROLLMENT_URL/);
    expect(() => loadConfig(platformConfigSchema, { DIGITAL_POST_SERVICES: 'gateway' })).toThrow(
      /DIGITAL_POST_NOTIFICATION_URL/,
    );
  });

  it('refuses a service it does not know, naming the variable', () => {
    expect(() =>
      loadConfig(platformConfigSchema, { DIGITAL_POST_SERVICES: 'routing,printing' }),
    ).toThrow(/DIGITAL_POST_SERVICES/);
  });

  it('refuses a database URL that is not PostgreSQL, naming the variable', () => {
    expect(() =>
      loadConfig(platformConfigSchema, { DIGITAL_POST_DATABASE_URL: 'mysql://x' }),
    ).toThrow(/DIGITAL_POST_DATABASE_URL/);
  });
});
