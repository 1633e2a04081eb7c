import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A caller's count in its current fixed window, and when the window began. */
export interface WindowCount {
  count: number;
  start: number;
}

/**
 * Where requests are counted. In this process by default; in Redis when several processes of a
 * deployment must share one count per caller (each gateway process would otherwise let a caller
 * have the limit once per process).
 */
export interface RateCounter {
  /** Counts one request of `key` at `at` in windows of `windowMs`, each key in one round trip. */
  hit(keys: Array<{ key: string; windowMs: number }>, at: number): Promise<WindowCount[]>;
  close(): Promise<void>;
}

const SWEEP_AT = 10_000;

export const memoryRateCounter = (): RateCounter => {
  const windows = new Map<string, WindowCount & { windowMs: number }>();
  const sweep = (at: number) => {
    for (const [key, window] of windows) {
      if (at - window.start >= window.windowMs) windows.delete(key);
    }
  };
  return {
    hit: async (keys, at) => {
      if (windows.size > SWEEP_AT) sweep(at);
      return keys.map(({ key, windowMs }) => {
        const window = windows.get(key);
        const current = window && at - window.start < windowMs ? window : { start: at, count: 0 };
        const counted = { start: current.start, count: current.count + 1, windowMs };
        windows.set(key, counted);
        return { count: counted.count, start: counted.start };
      });
    },
    close: async () => undefined,
  };
};

// One key per caller and window: INCR, and the window's expiry set by the first hit.
const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export interface RedisRateCounterOptions {
  url: string;
  logger?: Logger;
  /** How long a round trip may take before this process counts on its own. */
  timeoutMs?: number;
}

/**
 * Counts in Redis, shared by every process that names the same server. Windows are aligned to
 * the clock (`floor(at / windowMs)`), so all processes agree on them. When Redis does not answer
 * in time, the process counts in memory meanwhile (each process its own share again) and says
 * so in its log: a limiter that fails must not take the service down with it. The client
 * reconnects by itself.
 */
export const redisRateCounter = async ({
  url,
  logger,
  timeoutMs = 200,
}: RedisRateCounterOptions): Promise<RateCounter> => {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
  });
  redis.on('error', () => undefined); // reported once per failed hit below, without the URL
  const fallback = memoryRateCounter();
  let degraded = false;
  // Connected before the first request where it can be; a process starts all the same.
  await redis.connect().catch((error: unknown) => {
    logger?.warn({ err: error }, 'rate limits: Redis does not answer; counting here meanwhile');
  });
  const counter: RateCounter = {
    hit: async (keys, at) => {
      try {
        const counts = await hitInRedis(redis, keys, at);
        if (degraded) logger?.info('rate limits: counting in Redis again');
        degraded = false;
        return counts;
      } catch (error) {
        if (!degraded) logger?.warn({ err: error }, 'rate limits: Redis failed; counting here');
        degraded = true;
        return fallback.hit(keys, at);
      }
    },
    close: async () => {
      redis.disconnect();
    },
  };
  return counter;
};

const hitInRedis = async (
  redis: Redis,
  keys: Array<{ key: string; windowMs: number }>,
  at: number,
): Promise<WindowCount[]> => {
  const pipeline = redis.pipeline();
  const starts = keys.map(({ key, windowMs }) => {
    const start = Math.floor(at / windowMs) * windowMs;
    pipeline.eval(HIT, 1, `rate:${key}:${start}`, windowMs);
    return start;
  });
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, count], index) => {
    if (error) throw error;
    return { count: Number(count), start: starts[index]! };
  });
};
