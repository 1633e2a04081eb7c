import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';
import type { RecordedEvent, Subscription } from './index.ts';

const accepted = (n: number) => ({ type: 'MessageAccepted', data: { n } });

describe.each(storeAdapters)('subscription on %s', (_name, open) => {
  let sut: StoreUnderTest;
  let subscriptions: Subscription[];
  beforeEach(async () => {
    sut = await open();
    subscriptions = [];
    await sut.db.query('create table seen (n int primary key)');
  });
  afterEach(async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
    await sut.dispose();
  });

  /** The handler writes a row per event in the subscription's transaction: its side effect. */
  const follow = (
    subscriptionId: string,
    fail?: (e: RecordedEvent) => boolean,
    batchSize?: number,
  ) => {
    const subscription = sut.store.subscribe({
      subscriptionId,
      categories: ['message'],
      ...(batchSize && { batchSize }),
      handle: async (batch, tx) => {
        for (const event of batch) {
          await tx.query('insert into seen values ($1)', [(event.data as { n: number }).n]);
          if (fail?.(event)) throw new Error('handler failed');
        }
      },
      onError: () => undefined,
    });
    subscriptions.push(subscription);
    return subscription;
  };
  const seen = async () =>
    (await sut.db.query<{ n: number }>('select n from seen order by n')).map((r) => r.n);

  it('delivers what was appended before and after it started', async () => {
    await sut.store.append('message-1', [accepted(1), accepted(2)]);
    const subscription = follow('mailbox-projection');
    await subscription.caughtUp();
    expect(await seen()).toEqual([1, 2]);
    await sut.store.append('message-2', [accepted(3)]);
    await sut.store.append('enrollment-1', [{ type: 'CitizenEnrolled', data: { n: 99 } }]);
    await subscription.caughtUp();
    expect(await seen()).toEqual([1, 2, 3]);
  });

  it('resumes from its stored checkpoint after a stop', async () => {
    await sut.store.append('message-1', [accepted(1)]);
    const first = follow('mailbox-projection');
    await first.caughtUp();
    await first.stop();
    await sut.store.append('message-1', [accepted(2), accepted(3)]);
    const second = follow('mailbox-projection');
    await second.caughtUp();
    expect(await seen()).toEqual([1, 2, 3]);
  });

  it('rolls back the batch and its checkpoint when the handler fails, then retries', async () => {
    let failures = 1;
    const subscription = follow(
      'mailbox-projection',
      (e) => (e.data as { n: number }).n === 2 && failures-- > 0,
    );
    await sut.store.append('message-1', [accepted(1), accepted(2), accepted(3)]);
    await subscription.caughtUp();
    expect(await seen()).toEqual([1, 2, 3]);
    expect(failures).toBe(-1);
  });

  it('takes a backlog batch after batch (the next read while one is handled), once each, in order, past a failed batch', async () => {
    for (let n = 1; n <= 23; n++) await sut.store.append(`message-${n % 4}`, [accepted(n)]);
    let failures = 1;
    const fails = (e: RecordedEvent) => (e.data as { n: number }).n === 8 && failures-- > 0;
    const subscription = follow('mailbox-projection', fails, 5);
    await subscription.caughtUp();
    expect(await seen()).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(failures).toBe(-1);
    await sut.store.append('message-1', [accepted(24)]);
    await subscription.caughtUp();
    expect((await seen()).at(-1)).toBe(24);
  });

  it('wakes on an append when idle instead of waiting for a poll', async () => {
    const subscription = follow('mailbox-projection');
    await subscription.caughtUp();
    const before = Date.now();
    await sut.store.append('message-1', [accepted(7)]);
    await subscription.caughtUp();
    expect(await seen()).toEqual([7]);
    // Well under the safety poll: only a notification can explain it.
    expect(Date.now() - before).toBeLessThan(9_000);
  });

  it('lingers on a short batch, taking what is appended meanwhile with it', async () => {
    const batches: number[][] = [];
    await sut.store.append('message-1', [accepted(1)]);
    const subscription = sut.store.subscribe({
      subscriptionId: 'relay',
      categories: ['message'],
      batchSize: 10,
      lingerMs: 1_500,
      handle: async (batch) => {
        batches.push(batch.map((event) => (event.data as { n: number }).n));
      },
    });
    subscriptions.push(subscription);
    // Appended while the first batch (one event of ten) waits: without lingering it would have
    // been handled alone by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sut.store.append('message-2', [accepted(2)]);
    await sut.store.append('message-3', [accepted(3)]);
    await subscription.caughtUp();
    expect(batches).toEqual([[1, 2, 3]]);
  });
});
