import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@digital-post/service-kit';
import { platformConfigSchema } from './config.ts';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testing/testConfig.ts';

const operator = { kind: 'operator', operatorId: 'anyone' };

describe('development tokens', () => {
  let dir: string;
  const platforms: Record<'on' | 'off', Platform> = {} as never;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-dev-tokens-'));
    for (const setting of ['on', 'off'] as const) {
      platforms[setting] = await startPlatform(
        testConfig(join(dir, setting), {
          DIGITAL_POST_SERVICES: 'routing',
          DIGITAL_POST_DEV_TOKENS: setting,
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(platforms).map((platform) => platform?.close()));
    await rm(dir, { recursive: true, force: true });
  });

  const mint = (setting: 'on' | 'off', remoteAddress: string) =>
    platforms[setting].apps.operations.inject({
      method: 'POST',
      url: '/dev/tokens',
      payload: operator,
      remoteAddress,
    });

  it('are off unless turned on', async () => {
    expect(loadConfig(platformConfigSchema, {}).DIGITAL_POST_DEV_TOKENS).toBe('off');
    const answer = await mint('off', '127.0.0.1');
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when on, are made for callers on this machine', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const answer = await mint('on', address);
      expect(answer.statusCode, address).toBe(200);
      expect(answer.json().token).toEqual(expect.any(String));
    }
  });

  it('when on, are not there for anyone else, whatever forwarding header they send', async () => {
    for (const address of ['192.0.2.7', '10.0.0.1', '::ffff:192.0.2.7', '2001:db8::1']) {
      const answer = await platforms.on.apps.operations.inject({
        method: 'POST',
        url: '/dev/tokens',
        payload: operator,
        remoteAddress: address,
        headers: { 'x-forwarded-for': '127.0.0.1' },
      });
      expect(answer.statusCode, address).toBe(404);
      expect(answer.json()).not.toHaveProperty('token');
    }
  });

  it('are made from the key file by `pnpm dev:token`, where the route cannot be reached', async () => {
    const cli = fileURLToPath(new URL('./devTokenCli.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', cli, JSON.stringify(operator)],
      { env: { ...process.env, DIGITAL_POST_DEV_IDP_KEY_FILE: join(dir, 'off', 'idp-key.json') } },
    );
    const answer = await platforms.off.apps.operations.inject({
      url: '/admin/held-messages',
      headers: { authorization: `Bearer ${stdout.trim()}` },
    });
    expect(answer.statusCode).toBe(200);
  });
});
