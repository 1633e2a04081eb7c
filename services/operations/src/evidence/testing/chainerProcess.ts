import {
  openPgDatabase,
  openPgliteDatabase,
  type Database,
  type SqlExecutor,
} from '@digital-post/event-store';
import { chainRound } from '../chainer.ts';
import { checkpointKeyOf } from '../checkpointKey.ts';

/**
 * The chainer in a process of its own, for the crash test. In round STALL_AT_ROUND it stops for
 * good right after writing the round's leaves, nodes and head, inside the round's transaction,
 * and says so: a SIGKILL then kills it mid-batch, with all of that uncommitted.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const stallAt = Number(env('STALL_AT_ROUND'));
let round = 0;

const stallingAfterHead = (tx: SqlExecutor): SqlExecutor =>
  new Proxy(tx, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return async (text: string, params?: unknown[]) => {
        const rows = await target.query(text, params);
        if (round === stallAt && text.trimStart().startsWith('update operations.chain_head')) {
          console.log(`STALLED in round ${round}`);
          await new Promise(() => undefined);
        }
        return rows;
      };
    },
  });

// The server's database, or an embedded one's data directory (only this process has it open).
const db = process.env.DATA_DIR
  ? await openPgliteDatabase({ dataDir: process.env.DATA_DIR })
  : openPgDatabase({ connectionString: env('DATABASE_URL'), poolSize: 2 });
const stalling: Database = new Proxy(db, {
  get(target, property, receiver) {
    if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
    return <T>(work: (tx: SqlExecutor) => Promise<T>) =>
      target.transaction((tx) => work(stallingAfterHead(tx)));
  },
});
const options = {
  key: checkpointKeyOf(env('CHECKPOINT_KEY')),
  policy: { everyEvents: 1_000, everyMs: 3_600_000 },
  batchSize: Number(env('BATCH_SIZE')),
  now: () => new Date(),
};
console.log('CHAINING');
for (;;) {
  round += 1;
  await chainRound(stalling, options);
}
