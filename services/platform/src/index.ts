export { platformConfigSchema, type PlatformConfig } from './config.ts';
export { startPlatform, openStore, type Platform, type PlatformOptions } from './platform.ts';
export {
  setupDatabase,
  roleOf,
  serviceAccess,
  type DatabaseSetup,
  type DatabaseSetupOptions,
} from './databaseSetup.ts';
