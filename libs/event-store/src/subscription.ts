import { START_OF_LOG, positionOf, type LogPosition, type RecordedEvent } from './events.ts';
import type { Subscription, SubscriptionOptions } from './eventStore.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.ts';
import { LeaseKeeper, LeaseLost } from './lease.ts';
import { DEFAULT_BATCH_SIZE, logBeyond, readAll } from './read.ts';
import { APPENDED_CHANNEL } from './schema.ts';
import type { Database } from './sql/database.ts';
import { Wakeup } from './wakeup.ts';

/** A missed notification (a dropped LISTEN session) is caught up with after this long at most. */
const SAFETY_POLL_MS = 10_000;
/** Events held back by a running transaction are looked at again soon, not at the next append. */
const HELD_BACK_RETRY_MS = 20;
const ERROR_RETRY_MS = 1_000;

/**
 * A full batch says more is waiting: the next is read while this one is handled. Only on the
 * server; PGlite has one connection, which the handling transaction holds.
 */
const readsAhead = (db: Database, handled: number, batchSize: number) =>
  db.engine === 'postgres' && handled === batchSize;

type Outcome = 'handled' | 'held-back' | 'idle' | 'standby' | 'error';

/**
 * Follows the global log from a stored checkpoint. It sleeps until an append notifies it (LISTEN
 * on the server, an in-process callback on PGlite), so an idle subscription costs nothing. A
 * leased one handles events only while it holds the lease, and reads the checkpoint again each
 * time it takes it: its predecessor, or an operator's rewind, may have moved it.
 */
export const subscribe = (db: Database, options: SubscriptionOptions): Subscription => {
  const wakeup = new Wakeup();
  const idleWaiters: Array<() => void> = [];
  let running = true;
  const lease = options.lease && new LeaseKeeper(db, options.subscriptionId, options.lease);
  const place = new Place(db, options.subscriptionId, lease);

  const step = async (): Promise<Outcome> => {
    try {
      return (await place.ready()) ? await handleBatch(db, options, place) : 'standby';
    } catch (error) {
      if (error instanceof LeaseLost) {
        place.forget();
        return 'standby';
      }
      options.onError?.(error);
      return 'error';
    }
  };

  const loop = async (): Promise<void> => {
    while (running) {
      const waiters = idleWaiters.splice(0);
      const outcome = await step();
      if (outcome === 'idle') waiters.forEach((resolve) => resolve());
      else idleWaiters.unshift(...waiters);
      if (outcome === 'handled') continue;
      // A lease holder wakes in time to renew it; a candidate, to try for it again.
      await wakeup.wait(Math.min(waitFor(outcome), lease?.renewEveryMs ?? Infinity));
    }
  };

  // A candidate has nothing to do on an append; it wakes on its own time.
  const unlistening = db.listen(APPENDED_CHANNEL, () =>
    lease && !lease.held ? undefined : wakeup.wake(),
  );
  const done = unlistening.then(loop);
  done.catch((error: unknown) => options.onError?.(error));

  return {
    get position() {
      return place.position;
    },
    get active() {
      return running && (lease?.held ?? true);
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
      // A clean stop hands over at once, instead of after the grant runs out.
      await lease?.release().catch((error: unknown) => options.onError?.(error));
      await (
        await unlistening
      )();
      idleWaiters.splice(0).forEach((resolve) => resolve());
    },
  };
};

/**
 * Where a subscription goes on from. A leased one may move only while it holds the lease, and
 * reads its checkpoint again each time it takes it.
 */
class Place {
  position: LogPosition = START_OF_LOG;
  private read = false;
  private ahead: ReadAhead | undefined;

  constructor(
    private readonly db: Database,
    private readonly subscriptionId: string,
    readonly lease: LeaseKeeper | undefined,
  ) {}

  async ready(): Promise<boolean> {
    if (this.lease && !(await this.lease.hold())) {
      this.forget();
      return false;
    }
    if (!this.read) this.position = await loadCheckpoint(this.db, this.subscriptionId);
    this.read = true;
    return true;
  }

  forget(): void {
    this.read = false;
    this.ahead = undefined;
  }

  /** The batch read ahead from here, if one was; empty when it found nothing (read again). */
  async takeAhead(): Promise<RecordedEvent[]> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (!ahead || !samePosition(ahead.after, this.position)) return [];
    return ahead.batch.catch(() => []);
  }

  /** Moves past a handled batch, keeping the next batch if it was read meanwhile. */
  moveTo(next: LogPosition, ahead: ReadAhead | undefined): void {
    this.position = next;
    this.ahead = ahead;
  }
}

/**
 * The batch after one being handled, read on another connection while the handling transaction
 * runs, so the next batch is in hand as it commits instead of a round trip later. It is a prefix
 * of what a read at the commit would return: it holds only events of transactions older than
 * every one running at its read, and whatever becomes readable later sorts after them.
 */
interface ReadAhead {
  after: LogPosition;
  batch: Promise<RecordedEvent[]>;
}

const samePosition = (a: LogPosition, b: LogPosition) =>
  a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;

const handleBatch = async (
  db: Database,
  options: SubscriptionOptions,
  place: Place,
): Promise<'handled' | 'held-back' | 'idle'> => {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const filter = { categories: options.categories, eventTypes: options.eventTypes };
  const read = (after: LogPosition) => readAll(db, { ...filter, batchSize, after });
  const after = place.position;
  const ahead = await place.takeAhead();
  let batch = ahead.length > 0 ? ahead : await read(after);
  if (options.lingerMs && batch.length > 0 && batch.length < batchSize) {
    await sleep(options.lingerMs);
    batch = await read(after);
  }
  if (batch.length === 0) {
    const beyond = await logBeyond(db, { ...filter, after });
    // Readable now: a transaction ended since the read; go round again at once.
    if (beyond.readable) return 'handled';
    return beyond.heldBack ? 'held-back' : 'idle';
  }
  const next = positionOf(batch[batch.length - 1]!);
  const readAhead = readsAhead(db, batch.length, batchSize)
    ? { after: next, batch: read(next) }
    : undefined;
  readAhead?.batch.catch(() => undefined); // a failed read ahead is read again in turn
  await db.transaction(async (tx) => {
    await place.lease?.confirm(tx);
    await options.handle(batch, tx);
    await saveCheckpoint(tx, options.subscriptionId, next);
  });
  place.moveTo(next, readAhead);
  return 'handled';
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = (outcome: Exclude<Outcome, 'handled'>): number =>
  outcome === 'held-back'
    ? HELD_BACK_RETRY_MS
    : outcome === 'error'
      ? ERROR_RETRY_MS
      : SAFETY_POLL_MS;
