import type { DevIssuer } from '@digital-post/auth';

/** The audience of every port served between the platform's processes. */
export const INTERNAL_AUDIENCE = 'https://internal.digitalpost.local';

const LIFETIME_SECONDS = 600;
const RENEW_BEFORE_MS = 120_000;

/**
 * Short-lived tokens naming the calling service, signed with the deployment's service key and
 * renewed before they expire, so a call does not sign a token each time.
 */
export const serviceTokens = (issuer: DevIssuer, service: string): (() => Promise<string>) => {
  let current: { token: Promise<string>; renewAt: number } | undefined;
  return () => {
    if (!current || Date.now() >= current.renewAt) {
      const token = issuer.issue(
        { kind: 'service', service },
        { audience: INTERNAL_AUDIENCE, ttlSeconds: LIFETIME_SECONDS },
      );
      current = { token, renewAt: Date.now() + LIFETIME_SECONDS * 1000 - RENEW_BEFORE_MS };
      token.catch(() => (current = undefined));
    }
    return current.token;
  };
};
