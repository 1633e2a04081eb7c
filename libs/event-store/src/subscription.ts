import { START_OF_LOG, positionOf, type LogPosition } from './events.ts';
import type { Subscription, SubscriptionOptions } from './eventStore.ts';
import { logBeyond, readAll } from './read.ts';
import { APPENDED_CHANNEL } from './schema.ts';
import type { Database, SqlExecutor } from './sql/database.ts';
import { Wakeup } from './wakeup.ts';

/** A missed notification (a dropped LISTEN session) is caught up with after this long at most. */
const SAFETY_POLL_MS = 10_000;
/** Events held back by a running transaction are looked at again soon, not at the next append. */
const HELD_BACK_RETRY_MS = 20;
const ERROR_RETRY_MS = 1_000;

/**
 * Follows the global log from a stored checkpoint. It sleeps until an append notifies it (LISTEN
 * on the server, an in-process callback on PGlite), so an idle subscription costs nothing.
 */
export const subscribe = (db: Database, options: SubscriptionOptions): Subscription => {
  const wakeup = new Wakeup();
  const idleWaiters: Array<() => void> = [];
  let position: LogPosition = START_OF_LOG;
  let running = true;
  const filter = { categories: options.categories, eventTypes: options.eventTypes };

  const handleBatch = async (): Promise<'handled' | 'held-back' | 'idle'> => {
    const batch = await readAll(db, { ...filter, batchSize: options.batchSize, after: position });
    if (batch.length === 0) {
      const beyond = await logBeyond(db, { ...filter, after: position });
      // Readable now: a transaction ended since the read; go round again at once.
      if (beyond.readable) return 'handled';
      return beyond.heldBack ? 'held-back' : 'idle';
    }
    const next = positionOf(batch[batch.length - 1]!);
    await db.transaction(async (tx) => {
      await options.handle(batch, tx);
      await saveCheckpoint(tx, options.subscriptionId, next);
    });
    position = next;
    return 'handled';
  };

  const loop = async (): Promise<void> => {
    position = await loadCheckpoint(db, options.subscriptionId);
    while (running) {
      const waiters = idleWaiters.splice(0);
      const outcome = await handleBatch().catch((error: unknown) => {
        options.onError?.(error);
        return 'error' as const;
      });
      if (outcome === 'idle') waiters.forEach((resolve) => resolve());
      else idleWaiters.unshift(...waiters);
      if (outcome === 'handled') continue;
      await wakeup.wait(waitFor(outcome));
    }
  };

  const unlistening = db.listen(APPENDED_CHANNEL, () => wakeup.wake());
  const done = unlistening.then(loop);
  done.catch((error: unknown) => options.onError?.(error));

  return {
    get position() {
      return position;
    },
    caughtUp: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wakeup.wake();
      }),
    stop: async () => {
      running = false;
      wakeup.wake();
      await done.catch(() => undefined);
      await (
        await unlistening
      )();
      idleWaiters.splice(0).forEach((resolve) => resolve());
    },
  };
};

const waitFor = (outcome: 'held-back' | 'idle' | 'error'): number =>
  outcome === 'held-back'
    ? HELD_BACK_RETRY_MS
    : outcome === 'error'
      ? ERROR_RETRY_MS
      : SAFETY_POLL_MS;

const loadCheckpoint = async (db: SqlExecutor, subscriptionId: string): Promise<LogPosition> => {
  const rows = await db.query<{ transaction_id: string; global_position: string }>(
    'select transaction_id, global_position from subscription_checkpoints where subscription_id = $1',
    [subscriptionId],
  );
  const row = rows[0];
  if (!row) return START_OF_LOG;
  return { transactionId: Number(row.transaction_id), globalPosition: Number(row.global_position) };
};

const saveCheckpoint = async (
  tx: SqlExecutor,
  subscriptionId: string,
  position: LogPosition,
): Promise<void> => {
  await tx.query(
    `insert into subscription_checkpoints (subscription_id, transaction_id, global_position)
     values ($1, $2, $3)
     on conflict (subscription_id) do update
       set transaction_id = excluded.transaction_id,
           global_position = excluded.global_position,
           updated_at = now()`,
    [subscriptionId, position.transactionId, position.globalPosition],
  );
};
