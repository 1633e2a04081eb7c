import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { openPostgresStore, type OpenedStore, type Subscription } from './index.ts';

/**
 * The bigserial trap: a transaction that took a small position can commit after one that took a
 * larger one. A reader that followed the position alone would pass the small one and never see
 * it. Here many writers with transactions of varied length (some rolled back) run while two
 * subscribers follow the log on the real server; both must see every committed event once, in
 * the same order. What a subscriber saw is written in its handler's transaction, as a consumer's
 * effects are: a batch retried after a failed commit (a dropped connection on a loaded machine)
 * leaves nothing twice, and what failed is reported.
 */
const WRITERS = 16;
const TRANSACTIONS_PER_WRITER = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('global log on the PostgreSQL server under concurrent writers', () => {
  let database: TestDatabase;
  let opened: OpenedStore;
  beforeAll(async () => {
    database = await createTestDatabase('gap');
    opened = await openPostgresStore({ connectionString: database.url, poolSize: WRITERS + 4 });
    await opened.db.query(
      'create table seen (n bigserial primary key, subscription_id text, event_id uuid)',
    );
  });
  afterAll(async () => {
    await opened.store.close();
    await database.drop();
  });

  const failures: unknown[] = [];
  const follow = (subscriptionId: string): Subscription =>
    opened.store.subscribe({
      subscriptionId,
      batchSize: 37,
      handle: async (batch, tx) => {
        await tx.query(
          'insert into seen (subscription_id, event_id) select $1, unnest($2::uuid[])',
          [subscriptionId, batch.map((event) => event.id)],
        );
      },
      onError: (error) => failures.push(error),
    });

  const seenBy = async (subscriptionId: string): Promise<string[]> =>
    (
      await opened.db.query<{ event_id: string }>(
        'select event_id from seen where subscription_id = $1 order by n',
        [subscriptionId],
      )
    ).map((row) => row.event_id);

  /** One writer: transactions that hold their positions for a random while before committing. */
  const writer = async (writerId: number, commits: number[]): Promise<void> => {
    for (let t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
      const rollBack = Math.random() < 0.1;
      await opened.db
        .transaction(async (tx) => {
          const count = 1 + Math.floor(Math.random() * 4);
          const events = Array.from({ length: count }, (_, i) => ({
            type: 'MessageAccepted',
            data: { writerId, t, i },
          }));
          const { lastPosition } = await opened.store.append(`message-${writerId}-${t}`, events, {
            tx,
          });
          await sleep(Math.random() < 0.2 ? 40 + Math.random() * 80 : Math.random() * 5);
          if (rollBack) throw new Error('rolled back on purpose');
          commits.push(lastPosition.globalPosition);
        })
        .catch((error: Error) => {
          if (!rollBack) throw error;
        });
    }
  };

  it('lets two subscribers see every committed event exactly once, in one order', async () => {
    const subscribers = [follow('gap-first'), follow('gap-second')];
    const commits: number[] = [];
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, commits)));
    await Promise.all(subscribers.map((s) => s.caughtUp()));
    await Promise.all(subscribers.map((s) => s.stop()));

    // The trap was really set: some position committed after a larger one.
    const inversions = commits.filter((p, i) => commits.slice(0, i).some((q) => q > p));
    expect(inversions.length).toBeGreaterThan(0);

    const stored = await opened.db.query<{ event_id: string }>(
      'select event_id from events order by transaction_id, global_position',
    );
    const committed = stored.map((row) => row.event_id);
    const [first, second] = [await seenBy('gap-first'), await seenBy('gap-second')];
    if (failures.length > 0) console.warn('subscribers retried after', failures);
    expect(new Set(first).size).toBe(first.length);
    expect(first).toEqual(committed);
    expect(second).toEqual(first);
  });
});
