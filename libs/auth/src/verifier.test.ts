import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type AuthFailureReason } from './authError.ts';
import { createDevIssuer, type DevIssuer } from './devIssuer.ts';
import type { Principal } from './principal.ts';
import { createTokenVerifier, type TokenVerifier } from './verifier.ts';

const audience = 'https://sender-api.digitalpost.local';
let issuer: DevIssuer;
let verifier: TokenVerifier;

beforeAll(async () => {
  issuer = await createDevIssuer();
  verifier = createTokenVerifier({ issuer: issuer.issuer, audience, keys: issuer.publicKeys });
});

const refusal = async (token: string, kinds: Principal['kind'][] = ['citizen']) => {
  const error = await verifier.verify(token, kinds).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).reason;
};

const expectRefused = async (token: string, reason: AuthFailureReason) =>
  expect(await refusal(token)).toBe(reason);

const citizen: Principal = { kind: 'citizen', cpr: '0101901234' };

describe('token verifier', () => {
  it.each<Principal>([
    citizen,
    { kind: 'employee', cvr: '12345678', rid: '4711' },
    { kind: 'authority-system', authorityId: 'skat', systemId: 'mass-sender' },
    { kind: 'viewing-client', clientId: 'e-boks' },
    { kind: 'operator', operatorId: 'ops-7' },
  ])('accepts a valid $kind token', async (principal) => {
    const token = await issuer.issue(principal, { audience });
    expect(await verifier.verify(token, [principal.kind])).toEqual(principal);
  });

  it('accepts a token bound to the client it is used through, and no other', async () => {
    const token = await issuer.issue(citizen, { audience, clientId: 'e-boks' });
    expect(await verifier.verify(token, ['citizen'], { boundTo: 'e-boks' })).toEqual(citizen);
    const elsewhere = verifier.verify(token, ['citizen'], { boundTo: 'mit-dk' });
    await expect(elsewhere).rejects.toMatchObject({ reason: 'wrong-client' });
    const unbound = await issuer.issue(citizen, { audience });
    const anywhere = verifier.verify(unbound, ['citizen'], { boundTo: 'e-boks' });
    await expect(anywhere).rejects.toMatchObject({ reason: 'wrong-client' });
  });

  it('refuses an expired token', async () => {
    await expectRefused(await issuer.issue(citizen, { audience, ttlSeconds: -120 }), 'expired');
  });

  it('refuses a token for another audience', async () => {
    const token = await issuer.issue(citizen, { audience: 'https://gateway.digitalpost.local' });
    await expectRefused(token, 'wrong-audience');
  });

  it('refuses a token from another issuer', async () => {
    const other = await createDevIssuer({ issuer: 'https://idp.elsewhere.example' });
    const trusting = createTokenVerifier({
      issuer: issuer.issuer,
      audience,
      keys: [...issuer.publicKeys, ...other.publicKeys],
    });
    const token = await other.issue(citizen, { audience });
    await expect(trusting.verify(token, ['citizen'])).rejects.toMatchObject({
      reason: 'wrong-issuer',
    });
  });

  it('refuses a token signed by another key', async () => {
    const forger = await createDevIssuer({ issuer: issuer.issuer });
    await expectRefused(await forger.issue(citizen, { audience }), 'bad-signature');
    // Even when the forger claims the real key's id.
    const kid = issuer.publicKeys[0]!.kid;
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer.issuer, aud: audience, sub: 'cpr:0101901234', jti: 'x' };
    const sameKid = await forger.issueWith({ ...claims, iat: now, exp: now + 60 }, { kid });
    await expectRefused(sameKid, 'bad-signature');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await issuer.issue(citizen, { audience })).split('.');
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: issuer.issuer, aud: audience, sub: 'cpr:0202904321', iat: now };
    const forged = Buffer.from(JSON.stringify({ ...payload, exp: now + 60, jti: 'j' }));
    await expectRefused(`${header}.${forged.toString('base64url')}.${signature}`, 'bad-signature');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { iss: issuer.issuer, aud: audience, sub: 'cpr:0101901234', jti: 'j' };
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iat: now, exp: now + 60 })}.`;
    expect(['bad-signature', 'malformed']).toContain(await refusal(token));
  });

  it.each(['garbage', 'a.b.c', '....', 'eyJhbGciOiJFZERTQSJ9.e30.AAAA'])(
    'refuses garbage %j as malformed',
    async (token) => expect(['malformed', 'bad-signature']).toContain(await refusal(token)),
  );

  it('refuses an empty token as missing', async () => {
    await expectRefused('', 'missing');
  });

  it('refuses a token of a kind the caller does not accept', async () => {
    const token = await issuer.issue(citizen, { audience });
    expect(await refusal(token, ['authority-system'])).toBe('wrong-kind');
  });

  it('refuses a signed token whose subject names no principal', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer.issuer, aud: audience, sub: 'cpr:12', jti: 'j' };
    await expectRefused(
      await issuer.issueWith({ ...claims, iat: now, exp: now + 60 }),
      'malformed',
    );
  });

  it('refuses a signed token without a jti', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer.issuer, aud: audience, sub: 'cpr:0101901234' };
    await expectRefused(
      await issuer.issueWith({ ...claims, iat: now, exp: now + 60 }),
      'malformed',
    );
  });
});

describe('dev issuer key file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps its key across restarts, so earlier tokens still verify', async () => {
    const keyFile = join(dir, 'nested', 'idp-key.json');
    const first = await createDevIssuer({ keyFile });
    const token = await first.issue(citizen, { audience });
    const second = await createDevIssuer({ keyFile });
    expect(second.publicKeys).toEqual(first.publicKeys);
    expect(second.publicKeys[0]).not.toHaveProperty('d');
    const verify = createTokenVerifier({
      issuer: second.issuer,
      audience,
      keys: second.publicKeys,
    });
    expect(await verify.verify(token, ['citizen'])).toEqual(citizen);
  });
});
