import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AuthError, type AuthFailureReason } from './authError.ts';
import { principalFromSubject, type Principal, type PrincipalKind } from './principal.ts';
import { verifiedTokens, type VerifiedTokensOptions } from './verifiedTokens.ts';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Public keys: a list, a JWKS document, or a key resolver (jose `createLocalJWKSet`/remote). */
  keys: JWK[] | JSONWebKeySet | JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  /** Remembering verified tokens: on unless `false` (see verifiedTokens.ts). */
  remember?: VerifiedTokensOptions | false;
  /** The clock tokens are checked against; the system's unless a test sets one. */
  now?: () => Date;
}

export interface VerifyOptions {
  /**
   * The client the token must have been issued through (its `client_id` claim, RFC 9068): a
   * user's token leaked from one viewing client then does not work through another.
   */
  boundTo?: string;
}

export interface TokenVerifier {
  verify(
    token: string,
    expectedKinds: PrincipalKind[],
    options?: VerifyOptions,
  ): Promise<Principal>;
}

// Ed25519 only: accepting any algorithm the key could be read with invites downgrade tricks.
const ALGORITHMS = ['EdDSA', 'Ed25519'];
const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'iat', 'exp', 'jti'];

export const createTokenVerifier = (options: TokenVerifierOptions): TokenVerifier => {
  const keys = keyResolver(options.keys);
  const remembered = verifiedTokens(
    options.remember === false ? { maxEntries: 0 } : options.remember,
  );
  const tolerance = options.clockToleranceSeconds ?? 30;
  const payloadOf = async (token: string): Promise<JWTPayload> => {
    const now = options.now?.() ?? new Date();
    const known = remembered.get(token, now.getTime());
    if (known) return known;
    const payload = await verifiedPayload(token, keys, options, { tolerance, now });
    remembered.remember(token, payload, now.getTime(), tolerance);
    return payload;
  };
  return {
    async verify(token, expectedKinds, { boundTo } = {}) {
      if (token.trim() === '') throw new AuthError('missing', 'no token');
      const payload = await payloadOf(token);
      const principal = principalFromSubject(payload.sub ?? '');
      if (!principal) throw new AuthError('malformed', 'subject names no known principal');
      if (!expectedKinds.includes(principal.kind)) {
        throw new AuthError('wrong-kind', `a ${principal.kind} token is not accepted here`);
      }
      if (boundTo !== undefined && payload['client_id'] !== boundTo) {
        throw new AuthError('wrong-client', 'the token was issued through another client');
      }
      return principal;
    },
  };
};

const keyResolver = (keys: TokenVerifierOptions['keys']): JWTVerifyGetKey => {
  if (typeof keys === 'function') return keys;
  return createLocalJWKSet(Array.isArray(keys) ? { keys } : keys);
};

const verifiedPayload = async (
  token: string,
  keys: JWTVerifyGetKey,
  options: TokenVerifierOptions,
  clock: { tolerance: number; now: Date },
): Promise<JWTPayload> => {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ALGORITHMS,
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: clock.tolerance,
      currentDate: clock.now,
    });
    return payload;
  } catch (error) {
    throw new AuthError(reasonFor(error), error instanceof Error ? error.message : 'refused');
  }
};

const reasonFor = (error: unknown): AuthFailureReason => {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong-audience';
    if (error.claim === 'iss') return 'wrong-issuer';
    return 'malformed';
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  ) {
    return 'bad-signature';
  }
  return 'malformed';
};
