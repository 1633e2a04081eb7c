import type { FastifyRequest } from 'fastify';
import { problem } from '../problems/problemError.ts';
import type { HttpApp } from './httpApp.ts';
import { memoryRateCounter, type RateCounter } from './rateCounters.ts';

/** How many requests one caller may make in a window, and how a request names its caller. */
export interface RateLimit {
  /** Who is counted, as the refusal names it: a user, a viewing client, an authority system. */
  name: string;
  max: number;
  windowMs: number;
  /** The caller a request counts against; undefined when this limit does not apply to it. */
  keyOf(request: FastifyRequest): string | undefined;
}

/**
 * The subject a bearer token names, read without checking its signature: enough to count a
 * caller's requests before any route runs. A forged subject buys nothing: the route refuses
 * the token, and every caller counts against the limit of its address too.
 */
export const tokenSubjectOf = (token: string | undefined): string | undefined => {
  const sub = tokenClaimsOf(token)?.sub;
  return typeof sub === 'string' && sub.length <= 256 ? sub : undefined;
};

/** A JWT's claims as it states them, unchecked; undefined for what is not one. */
export const tokenClaimsOf = (
  token: string | undefined,
): { sub?: unknown; exp?: number } | undefined => {
  const payload = token?.replace(/^Bearer\s+/i, '').split('.')[1];
  if (!payload || payload.length > 4096) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { sub, exp } = claims as { sub?: unknown; exp?: unknown };
    return { sub, ...(typeof exp === 'number' && { exp }) };
  } catch {
    return undefined;
  }
};

const UNLIMITED = /^\/(health|ready|metrics|docs)(\/|$|\?)/;

/**
 * Fixed windows per caller, counted by `counter` (in this process unless told): over the limit,
 * a 429 problem with `Retry-After` in seconds, before any work.
 */
export const registerRateLimits = (
  app: HttpApp,
  limits: readonly RateLimit[],
  counter: RateCounter = memoryRateCounter(),
  now: () => number = Date.now,
): void => {
  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED.test(request.url)) return;
    const at = now();
    const applying = limits.flatMap((limit) => {
      const caller = limit.keyOf(request);
      return caller === undefined ? [] : [{ limit, key: `${limit.name}:${caller}` }];
    });
    if (applying.length === 0) return;
    const counts = await counter.hit(
      applying.map(({ limit, key }) => ({ key, windowMs: limit.windowMs })),
      at,
    );
    applying.forEach(({ limit }, index) => {
      const { count, start } = counts[index]!;
      if (count <= limit.max) return;
      const seconds = Math.max(1, Math.ceil((start + limit.windowMs - at) / 1000));
      reply.header('retry-after', String(seconds));
      throw problem.tooManyRequests(
        `Too many requests from this ${limit.name}; try again in ${seconds} s.`,
      );
    });
  });
};
