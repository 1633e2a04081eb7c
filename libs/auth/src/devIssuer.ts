import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { subjectOf, type Principal } from './principal.ts';

export interface DevIssuerOptions {
  /** Where the private key is kept, so tokens survive a restart; created when missing. */
  keyFile?: string;
  issuer?: string;
}

export interface IssueOptions {
  audience: string;
  /** Lifetime in seconds, default one hour; zero or negative makes an already expired token. */
  ttlSeconds?: number;
  /** The client the token is issued through (`client_id`), for a user of a viewing client. */
  clientId?: string;
}

/**
 * A stand-in identity provider for local runs and tests: it signs the same tokens the real one
 * would. Never wire it into a production deployment.
 */
export interface DevIssuer {
  issuer: string;
  publicKeys: JWK[];
  issue(principal: Principal, options: IssueOptions): Promise<string>;
  /** Signs exactly these claims and header fields with the issuer's key, for tests that forge. */
  issueWith(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
}

export const DEFAULT_DEV_ISSUER = 'https://idp.dev.digitalpost.local';
const ALG = 'EdDSA';

export const createDevIssuer = async ({
  keyFile,
  issuer = DEFAULT_DEV_ISSUER,
}: DevIssuerOptions = {}): Promise<DevIssuer> => {
  const privateJwk = keyFile ? await loadOrCreateKey(keyFile) : await newPrivateJwk();
  const signingKey = await importJWK(privateJwk, ALG);
  const { d: _secret, ...publicJwk } = privateJwk;
  const kid = privateJwk.kid!;

  const issueWith = (claims: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT', ...header })
      .sign(signingKey);

  return {
    issuer,
    publicKeys: [publicJwk],
    issueWith,
    issue: (principal, { audience, ttlSeconds = 3600, clientId }) => {
      const now = Math.floor(Date.now() / 1000);
      return issueWith({
        iss: issuer,
        aud: audience,
        sub: subjectOf(principal),
        iat: now,
        exp: now + ttlSeconds,
        jti: randomUUID(),
        ...(clientId !== undefined && { client_id: clientId }),
      });
    },
  };
};

const newPrivateJwk = async (): Promise<JWK> => {
  const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg: ALG, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
};

const loadOrCreateKey = async (keyFile: string): Promise<JWK> => {
  const existing = await readKey(keyFile);
  if (existing) return existing;
  const created = await newPrivateJwk();
  await mkdir(dirname(keyFile), { recursive: true });
  try {
    // 'wx': when two processes start at once, the second keeps the first one's key.
    await writeFile(keyFile, JSON.stringify(created), { flag: 'wx', mode: 0o600 });
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readKey(keyFile))!;
  }
};

const readKey = async (keyFile: string): Promise<JWK | undefined> => {
  try {
    return JSON.parse(await readFile(keyFile, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};
