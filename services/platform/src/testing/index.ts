/** For tests that run the platform: a configuration that writes only inside a given folder. */
export { noRateLimits, testConfig } from './testConfig.ts';
