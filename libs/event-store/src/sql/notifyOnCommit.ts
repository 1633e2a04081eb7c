import type { SqlExecutor } from './database.ts';

/**
 * Wakes listeners on `channel` once `tx` has committed. PostgreSQL serialises the commits of
 * every transaction that notified, so a NOTIFY inside each writer's transaction caps how many
 * commit at once; the database's transactions defer it past the commit and coalesce it instead.
 * An executor that cannot defer (no transaction of ours) notifies at once, inside.
 */
export const notifyOnCommit = async (tx: SqlExecutor, channel: string): Promise<void> => {
  if (tx.notifyOnCommit) tx.notifyOnCommit(channel);
  else await tx.query("select pg_notify($1, '')", [channel]);
};
