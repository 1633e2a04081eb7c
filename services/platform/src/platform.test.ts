import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@digital-post/service-kit';
import { platformConfigSchema } from './config.ts';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testConfig.testSupport.ts';

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
    for (const [name, app] of Object.entries(platform.apps)) {
      expect((await app.inject('/health')).statusCode, name).toBe(200);
      expect((await app.inject('/ready')).statusCode, name).toBe(200);
      const docs = await app.inject('/docs/json');
      expect(docs.json(), name).toMatchObject({
        info: { title: expect.stringMatching(/^Digital Post/) },
      });
    }
  });

  it('keeps what was written in its data directory across a restart', async () => {
    await platform.store.store.append('message-1', [{ type: 'MessageAccepted', data: { n: 1 } }]);
    await platform.close();
    platform = await startPlatform(testConfig(dataDir));
    expect(await platform.store.store.readStream('message-1')).toHaveLength(1);
  });
});

describe('one service of the platform, as a container at scale runs it', () => {
  it('serves only the fronts of the services it runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-platform-routing-'));
    const platform = await startPlatform(testConfig(dir, { DIGITAL_POST_SERVICES: 'routing' }));
    try {
      expect(Object.keys(platform.apps)).toEqual(['operations']);
      const admin = await platform.apps.operations.inject('/admin/held-messages');
      expect(admin.statusCode).toBe(401);
    } finally {
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('platform configuration', () => {
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
