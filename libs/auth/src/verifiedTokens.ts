import type { JWTPayload } from 'jose';

export interface VerifiedTokensOptions {
  /** How many tokens are remembered at most; the longest remembered is forgotten first. */
  maxEntries?: number;
  /**
   * How long a verification is trusted, however much later the token expires: a key withdrawn
   * from the trusted set stops its tokens within this time, not at their expiry.
   */
  maxAgeSeconds?: number;
}

interface Verified {
  payload: JWTPayload;
  /** Milliseconds since the epoch after which the token is verified afresh (or refused). */
  until: number;
}

export interface VerifiedTokens {
  /** The payload of a token verified before and still trusted at `now`, if any. */
  get(token: string, now: number): JWTPayload | undefined;
  remember(token: string, payload: JWTPayload, now: number, toleranceSeconds: number): void;
}

/**
 * Tokens whose signature and claims have been verified, so a client's every request does not pay
 * for the signature again. Only successes are remembered; a token is trusted until it expires
 * (with the clock tolerance its verification allowed) or the maximum age passes, whichever is
 * first. The token itself is the key: two tokens are the same only when they are byte for byte.
 */
export const verifiedTokens = ({
  maxEntries = 10_000,
  maxAgeSeconds = 60,
}: VerifiedTokensOptions = {}): VerifiedTokens => {
  const entries = new Map<string, Verified>();
  return {
    get(token, now) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (now < entry.until) return entry.payload;
      entries.delete(token);
      return undefined;
    },
    remember(token, payload, now, toleranceSeconds) {
      if (maxEntries <= 0 || payload.exp === undefined) return;
      const until = Math.min((payload.exp + toleranceSeconds) * 1000, now + maxAgeSeconds * 1000);
      entries.delete(token);
      entries.set(token, { payload, until });
      // A Map iterates in insertion order: its first key is the one remembered longest.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
};
