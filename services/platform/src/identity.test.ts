import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIssuer, type DevIssuer } from '@digital-post/auth';
import { loadConfig } from '@digital-post/service-kit';
import { platformConfigSchema } from './config.ts';
import { audiences } from './identity.ts';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testing/testConfig.ts';

describe('the platform trusting a configured identity provider', () => {
  let dir: string;
  let provider: DevIssuer;
  let platform: Platform;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-idp-'));
    // Stands in for the national identity provider: a key pair the platform only knows by its JWKS.
    provider = await createDevIssuer({ issuer: 'https://idp.example.dk' });
    await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: provider.publicKeys }));
    platform = await startPlatform(
      testConfig(dir, {
        DIGITAL_POST_IDP_ISSUER: provider.issuer,
        DIGITAL_POST_IDP_JWKS_FILE: join(dir, 'jwks.json'),
      }),
    );
  });
  afterAll(async () => {
    await platform.close();
    await rm(dir, { recursive: true, force: true });
  });

  const listMailboxes = (user: string, client: string) =>
    platform.apps.gateway!.inject({
      url: '/v1/mailboxes',
      headers: { authorization: `Bearer ${user}`, 'x-client-token': client },
    });
  const fromProvider = (principal: Parameters<DevIssuer['issue']>[0], clientId?: string) =>
    provider.issue(principal, { audience: audiences.gateway, clientId });

  it("accepts the provider's tokens", async () => {
    const answer = await listMailboxes(
      await fromProvider({ kind: 'citizen', cpr: '0101901234' }, 'e-boks'),
      await fromProvider({ kind: 'viewing-client', clientId: 'e-boks' }),
    );
    expect(answer.statusCode).toBe(200);
  });

  it('refuses tokens of the development issuer once a provider is configured', async () => {
    const dev = await platform.apps.operations.inject({
      method: 'POST',
      url: '/dev/tokens',
      payload: { kind: 'citizen', cpr: '0101901234', clientId: 'e-boks' },
    });
    expect(dev.statusCode).toBe(200);
    const client = await fromProvider({ kind: 'viewing-client', clientId: 'e-boks' });
    expect((await listMailboxes(dev.json().token, client)).statusCode).toBe(401);
  });

  it('wants the issuer and the keys together', () => {
    expect(() =>
      loadConfig(platformConfigSchema, { DIGITAL_POST_IDP_ISSUER: 'https://idp.example.dk' }),
    ).toThrow(/DIGITAL_POST_IDP_JWKS_FILE/);
  });
});
