import { join } from 'node:path';
import { loadConfig } from '@digital-post/service-kit';
import { platformConfigSchema, type PlatformConfig } from '../config.ts';

/** Tests and benchmarks are one caller sending as fast as it can; the limits have their own test. */
export const noRateLimits = {
  DIGITAL_POST_RATE_LIMIT_USER: '100000000',
  DIGITAL_POST_RATE_LIMIT_CLIENT: '100000000',
  DIGITAL_POST_RATE_LIMIT_SYSTEM: '100000000',
  DIGITAL_POST_RATE_LIMIT_ADDRESS: '100000000',
};

/**
 * A platform configuration with every file it writes inside `dir`, quiet logs, and development
 * tokens turned on (tests make their actors' tokens with them).
 */
export const testConfig = (dir: string, env: Record<string, string> = {}): PlatformConfig =>
  loadConfig(platformConfigSchema, {
    DIGITAL_POST_DATA_DIR: join(dir, 'pglite'),
    DIGITAL_POST_PRINT_DIR: join(dir, 'print'),
    DIGITAL_POST_REGISTER_FEED_DIR: join(dir, 'registers'),
    DIGITAL_POST_DEV_IDP_KEY_FILE: join(dir, 'idp-key.json'),
    DIGITAL_POST_SERVICE_KEY_FILE: join(dir, 'service-key.json'),
    LOG_LEVEL: 'silent',
    DIGITAL_POST_DEV_TOKENS: 'on',
    ...noRateLimits,
    ...env,
  });
