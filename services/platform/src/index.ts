export { platformConfigSchema, type PlatformConfig } from './config.ts';
export { startPlatform, openStore, type Platform } from './platform.ts';
