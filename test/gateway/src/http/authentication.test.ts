import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  CLIENT_AUDIENCE,
  openGatewayFixture,
  USER_AUDIENCE,
  type GatewayFixture,
} from '../testing/index.ts';
import { createDevIssuer } from '@digital-post/auth';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await openGatewayFixture();
});
afterAll(() => fx.close());

const url = `/v1/mailboxes/${annasMailbox}/messages`;
const userToken = (options: { audience?: string; ttlSeconds?: number; clientId?: string } = {}) =>
  fx.idp.issue(anna, { audience: USER_AUDIENCE, clientId: 'eboks', ...options });
const clientToken = (clientId = 'eboks', audience = CLIENT_AUDIENCE) =>
  fx.clients.issue({ kind: 'viewing-client', clientId }, { audience });

const refused = async (headers: Record<string, string>) => {
  const response = await fx.app.inject({ method: 'GET', url, headers });
  expect(response.statusCode).toBe(401);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json().type).toBe('https://digitalpost.dk/problems/unauthorized');
};

describe('who may use the gateway', () => {
  it('serves a registered client acting for a verified user', async () => {
    const response = await fx.app.inject({ method: 'GET', url, headers: await fx.headers(anna) });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a client without a user, and a user without a client', async () => {
    await refused({ 'x-client-token': await clientToken() });
    await refused({ authorization: `Bearer ${await userToken()}` });
  });

  it('refuses expired, forged and wrong-audience user tokens', async () => {
    const forger = await createDevIssuer({ issuer: fx.idp.issuer });
    const client = await clientToken();
    for (const token of [
      await userToken({ ttlSeconds: -120 }),
      await userToken({ audience: 'another-service' }),
      await forger.issue(anna, { audience: USER_AUDIENCE, clientId: 'eboks' }),
      'not-a-token',
    ]) {
      await refused({ authorization: `Bearer ${token}`, 'x-client-token': client });
    }
  });

  it('refuses a user token issued through another client, or through none', async () => {
    const eboks = await clientToken('eboks');
    await refused({
      authorization: `Bearer ${await userToken({ clientId: 'app' })}`,
      'x-client-token': eboks,
    });
    const unbound = await fx.idp.issue(anna, { audience: USER_AUDIENCE });
    await refused({ authorization: `Bearer ${unbound}`, 'x-client-token': eboks });
    const atApp = await fx.app.inject({
      method: 'GET',
      url,
      headers: await fx.headers(anna, 'app'),
    });
    expect(atApp.statusCode).toBe(200);
  });

  it('refuses an unregistered client, a forged one, and a user token posing as a client', async () => {
    const user = `Bearer ${await userToken()}`;
    const forger = await createDevIssuer({ issuer: fx.clients.issuer });
    for (const client of [
      await clientToken('unknown-client'),
      await clientToken('eboks', USER_AUDIENCE),
      await forger.issue(
        { kind: 'viewing-client', clientId: 'eboks' },
        { audience: CLIENT_AUDIENCE },
      ),
      await fx.idp.issue(anna, { audience: CLIENT_AUDIENCE }),
    ]) {
      await refused({ authorization: user, 'x-client-token': client });
    }
  });

  it('refuses a token of a kind that cannot act for a mailbox', async () => {
    const system = await fx.idp.issue(
      { kind: 'authority-system', authorityId: 'skat', systemId: 's1' },
      { audience: USER_AUDIENCE },
    );
    await refused({ authorization: `Bearer ${system}`, 'x-client-token': await clientToken() });
  });
});
