import pg from 'pg';
import type { Database, SqlExecutor } from './database.ts';
import { CoalescedNotify } from './coalescedNotify.ts';
import { preparedName } from './prepared.ts';

export interface PgDatabaseOptions {
  connectionString: string;
  /** Connections in the pool; a listener takes one more of its own. */
  poolSize?: number;
}

/** The PostgreSQL server through `pg`: the store at scale. */
export const openPgDatabase = ({
  connectionString,
  poolSize = 10,
}: PgDatabaseOptions): Database => {
  // No JIT: the store's statements are short, but a log the planner has no statistics for yet
  // looks dear to it, and compiling took 110 ms for a read of 50 streams that ran in 36 ms.
  const pool = new pg.Pool({ connectionString, max: poolSize, options: '-c jit=off' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const query = async <Row>(text: string, params?: unknown[]): Promise<Row[]> =>
    (await pool.query(statement(text, params))).rows as Row[];
  const notifier = new CoalescedNotify((channel) => query("select pg_notify($1, '')", [channel]));

  return {
    engine: 'postgres',
    query,
    transaction: (work) => inTransaction(pool, work, notifier),
    listen: (channel, onNotify) => listenOn(connectionString, channel, onNotify),
    notify: (channel) => notifier.notify(channel),
    close: async () => {
      await notifier.settled();
      await pool.end();
    },
  };
};

/** A query as `pg` takes it: named, so prepared once per connection, when its text is marked. */
const statement = (text: string, values?: unknown[]): pg.QueryConfig => {
  const name = preparedName(text);
  return name ? { name, text, values } : { text, values };
};

const inTransaction = async <T>(
  pool: pg.Pool,
  work: (tx: SqlExecutor) => Promise<T>,
  notifier: CoalescedNotify,
): Promise<T> => {
  const client = await pool.connect();
  const channels = new Set<string>();
  const committed: Array<() => void> = [];
  const tx: SqlExecutor = {
    query: async <Row>(text: string, params?: unknown[]) =>
      (await client.query(statement(text, params))).rows as Row[],
    notifyOnCommit: (channel) => void channels.add(channel),
    afterCommit: (work) => void committed.push(work),
  };
  try {
    await client.query('begin');
    const result = await work(tx);
    await client.query('commit');
    client.release();
    committed.forEach((work) => work());
    channels.forEach((channel) => notifier.notify(channel));
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    // A client whose rollback failed may be broken: destroy it rather than hand it out again.
    client.release(true);
    throw error;
  }
};

/**
 * LISTEN needs a session of its own that stays open. When it drops, the subscriber's safety poll
 * covers the gap and the listener reconnects.
 */
const listenOn = async (
  connectionString: string,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> => {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', onNotify);
    next.on('error', () => scheduleReconnect());
    await next.connect();
    await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = next;
    onNotify(); // anything appended while we were not listening
  };
  const scheduleReconnect = (): void => {
    client?.end().catch(() => undefined);
    client = undefined;
    if (!stopped) setTimeout(() => void connect().catch(scheduleReconnect), 1000).unref();
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
};
