import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDevIssuer, type DevIssuer } from './devIssuer.ts';
import type { Principal } from './principal.ts';
import { createTokenVerifier, type TokenVerifierOptions } from './verifier.ts';

const audience = 'https://gateway.digitalpost.local';
const citizen: Principal = { kind: 'citizen', cpr: '0101901234' };
let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await createDevIssuer();
});

/** A verifier on a clock the test moves, counting how often a key is looked up to verify. */
const given = (options: Partial<TokenVerifierOptions> = {}) => {
  const jwks = createLocalJWKSet({ keys: issuer.publicKeys });
  const clock = { now: Date.now() };
  const seen = { keyLookups: 0 };
  const keys: JWTVerifyGetKey = (header, token) => {
    seen.keyLookups += 1;
    return jwks(header, token);
  };
  const verifier = createTokenVerifier({
    issuer: issuer.issuer,
    audience,
    keys,
    now: () => new Date(clock.now),
    ...options,
  });
  return { verifier, clock, seen };
};

describe('verified tokens are remembered', () => {
  it('verifies a token once while it is valid and within the maximum age', async () => {
    const { verifier, seen, clock } = given();
    const token = await issuer.issue(citizen, { audience, clientId: 'e-boks' });
    for (let request = 0; request < 5; request += 1) {
      expect(await verifier.verify(token, ['citizen'], { boundTo: 'e-boks' })).toEqual(citizen);
      clock.now += 5_000;
    }
    expect(seen.keyLookups).toBe(1);
  });

  it('still refuses a remembered token of the wrong kind or through another client', async () => {
    const { verifier } = given();
    const token = await issuer.issue(citizen, { audience, clientId: 'e-boks' });
    await verifier.verify(token, ['citizen'], { boundTo: 'e-boks' });
    const wrongKind = verifier.verify(token, ['employee'], { boundTo: 'e-boks' });
    await expect(wrongKind).rejects.toMatchObject({ reason: 'wrong-kind' });
    const elsewhere = verifier.verify(token, ['citizen'], { boundTo: 'mit-dk' });
    await expect(elsewhere).rejects.toMatchObject({ reason: 'wrong-client' });
  });

  it('refuses a remembered token once it has expired, beyond the clock tolerance', async () => {
    const { verifier, clock } = given({ clockToleranceSeconds: 30 });
    const token = await issuer.issue(citizen, { audience, ttlSeconds: 40 });
    await verifier.verify(token, ['citizen']);
    clock.now += 65_000;
    await expect(verifier.verify(token, ['citizen'])).resolves.toEqual(citizen);
    clock.now += 10_000;
    await expect(verifier.verify(token, ['citizen'])).rejects.toMatchObject({ reason: 'expired' });
  });

  it('verifies afresh after the maximum age, so a withdrawn key stops its tokens', async () => {
    const { verifier, clock, seen } = given({ remember: { maxAgeSeconds: 60 } });
    const token = await issuer.issue(citizen, { audience });
    await verifier.verify(token, ['citizen']);
    clock.now += 61_000;
    await verifier.verify(token, ['citizen']);
    expect(seen.keyLookups).toBe(2);
  });

  it('does not remember a refusal: a bad token is verified, and refused, every time', async () => {
    const { verifier, seen } = given();
    const forger = await createDevIssuer({ issuer: issuer.issuer });
    const forged = await forger.issue(citizen, { audience });
    for (let request = 0; request < 3; request += 1) {
      await expect(verifier.verify(forged, ['citizen'])).rejects.toMatchObject({
        reason: 'bad-signature',
      });
    }
    expect(seen.keyLookups).toBe(3);
  });

  it('forgets the token remembered longest when full', async () => {
    const { verifier, seen } = given({ remember: { maxEntries: 2 } });
    const tokens = await Promise.all(
      ['0101901234', '0202902345', '0303903456'].map((cpr) =>
        issuer.issue({ kind: 'citizen', cpr }, { audience }),
      ),
    );
    for (const token of tokens) await verifier.verify(token, ['citizen']);
    await verifier.verify(tokens[2]!, ['citizen']);
    await verifier.verify(tokens[1]!, ['citizen']);
    expect(seen.keyLookups).toBe(3);
    await verifier.verify(tokens[0]!, ['citizen']);
    expect(seen.keyLookups).toBe(4);
  });

  it('remembers nothing when told not to', async () => {
    const { verifier, seen } = given({ remember: false });
    const token = await issuer.issue(citizen, { audience });
    await verifier.verify(token, ['citizen']);
    await verifier.verify(token, ['citizen']);
    expect(seen.keyLookups).toBe(2);
  });
});
