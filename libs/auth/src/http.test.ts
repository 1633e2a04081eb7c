import { createHttpApp, type HttpApp } from '@digital-post/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIssuer, type DevIssuer } from './devIssuer.ts';
import { authenticate, bearerToken, registerBearerChallenge } from './http.ts';
import { createTokenVerifier } from './verifier.ts';

const audience = 'https://gateway.digitalpost.local';
let issuer: DevIssuer;
let app: HttpApp;

beforeAll(async () => {
  issuer = await createDevIssuer();
  const verifier = createTokenVerifier({
    issuer: issuer.issuer,
    audience,
    keys: issuer.publicKeys,
  });
  app = await createHttpApp({ serviceName: 'auth-test', openApi: false });
  app.get('/me', async (request, reply) => authenticate(request, verifier, ['citizen'], { reply }));
  await app.register(async (scope) => {
    registerBearerChallenge(scope);
    scope.get('/client', async (request) =>
      authenticate(request, verifier, ['viewing-client'], { header: 'x-client-token' }),
    );
  });
});
afterAll(() => app.close());

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer  abc', 'abc'],
    ['Basic dXNlcjpwYXNz', ''],
    ['Bearer', ''],
    ['Bearer a b', ''],
    [undefined, ''],
  ])('reads %j as %j', (header, token) => expect(bearerToken(header)).toBe(token));
});

describe('authenticate', () => {
  it('returns the principal of a valid token', async () => {
    const token = await issuer.issue({ kind: 'citizen', cpr: '0101901234' }, { audience });
    const response = await app.inject({
      url: '/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.json()).toEqual({ kind: 'citizen', cpr: '0101901234' });
  });

  it.each([
    ['no token', undefined],
    ['garbage', 'Bearer nope'],
    ['wrong kind', 'client'],
  ])('answers %s with one 401 problem and a Bearer challenge', async (_case, header) => {
    const authorization =
      header === 'client'
        ? `Bearer ${await issuer.issue({ kind: 'viewing-client', clientId: 'mit-dk' }, { audience })}`
        : header;
    const response = await app.inject({
      url: '/me',
      headers: authorization ? { authorization } : {},
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      type: 'https://digitalpost.dk/problems/unauthorized',
      detail: 'A valid bearer token of an accepted kind is required.',
    });
  });

  it('reads another header and challenges through the scope hook', async () => {
    const client = await issuer.issue({ kind: 'viewing-client', clientId: 'mit-dk' }, { audience });
    const ok = await app.inject({
      url: '/client',
      headers: { 'x-client-token': `Bearer ${client}` },
    });
    expect(ok.json()).toEqual({ kind: 'viewing-client', clientId: 'mit-dk' });
    const refused = await app.inject({ url: '/client' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
  });
});
