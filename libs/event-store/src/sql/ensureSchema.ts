import type { Database } from './database.ts';

/**
 * Runs a component's `create … if not exists` statements in one transaction, under a lock named
 * after the component: several services may start at once against one database, and concurrent
 * `create if not exists` of the same object can still fail in PostgreSQL.
 */
export const ensureSchema = async (
  db: Database,
  component: string,
  statements: readonly string[],
): Promise<void> => {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`digital-post:${component}`]);
    for (const statement of statements) await tx.query(statement);
  });
};
