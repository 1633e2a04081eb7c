export * from './events.ts';
export * from './errors.ts';
export type * from './eventStore.ts';
export type * from './sql/database.ts';
export { openPgDatabase, type PgDatabaseOptions } from './sql/pgDatabase.ts';
export { openPgliteDatabase, type PgliteDatabaseOptions } from './sql/pgliteDatabase.ts';
export { createEventStore } from './store.ts';
export { openPgliteStore, openPostgresStore, type OpenedStore } from './open.ts';
export { ensureEventStoreSchema, APPENDED_CHANNEL } from './schema.ts';
export { ensureSchema } from './sql/ensureSchema.ts';
export { notifyOnCommit } from './sql/notifyOnCommit.ts';
export {
  DEFAULT_LEASE_TTL_MS,
  LeaseLost,
  positionBefore,
  rewindSubscription,
  type LeaseOptions,
} from './lease.ts';
