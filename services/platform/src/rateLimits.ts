import {
  redisRateCounter,
  tokenSubjectOf,
  type RateCounter,
  type RateLimit,
} from '@digital-post/service-kit';
import type { Logger } from 'pino';
import type { PlatformConfig } from './config.ts';

const MINUTE = 60_000;

type Front = 'gateway' | 'senderApi' | 'operations';

/**
 * Who each front counts: at the gateway the person and the viewing client they come through,
 * at the sender API the authority's system, at the operations front the operator; everywhere
 * the network address as well. The internal front serves other processes and has none.
 */
export const rateLimitsOf = (config: PlatformConfig, front: Front): RateLimit[] => {
  const limit = (name: string, max: number, keyOf: RateLimit['keyOf']): RateLimit => ({
    name,
    max,
    windowMs: MINUTE,
    keyOf,
  });
  const address = limit('address', config.DIGITAL_POST_RATE_LIMIT_ADDRESS, (request) => request.ip);
  const bearer = (name: string, max: number) =>
    limit(name, max, (request) => tokenSubjectOf(request.headers.authorization));
  switch (front) {
    case 'gateway':
      return [
        address,
        limit('viewing client', config.DIGITAL_POST_RATE_LIMIT_CLIENT, (request) =>
          tokenSubjectOf(request.headers['x-client-token'] as string | undefined),
        ),
        bearer('user', config.DIGITAL_POST_RATE_LIMIT_USER),
      ];
    case 'senderApi':
      return [address, bearer('authority system', config.DIGITAL_POST_RATE_LIMIT_SYSTEM)];
    case 'operations':
      return [address, bearer('operator', config.DIGITAL_POST_RATE_LIMIT_USER)];
  }
};

/** Where this process counts: in Redis when configured (shared by all), else in itself. */
export const rateCounterOf = async (
  config: PlatformConfig,
  logger: Logger,
): Promise<RateCounter | undefined> => {
  const url = config.DIGITAL_POST_RATE_LIMIT_REDIS_URL;
  return url ? redisRateCounter({ url, logger }) : undefined;
};
