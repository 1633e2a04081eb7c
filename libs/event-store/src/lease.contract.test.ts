import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';
import { positionBefore, rewindSubscription, type Subscription } from './index.ts';

const accepted = (n: number) => ({ type: 'MessageAccepted', data: { n } });
const RELAY = 'relay';

describe.each(storeAdapters)('a leased subscription on %s', (_name, open) => {
  let sut: StoreUnderTest;
  let subscriptions: Subscription[];
  beforeEach(async () => {
    sut = await open();
    subscriptions = [];
    // No key: a second handling of an event shows as a second row.
    await sut.db.query('create table handled (n int not null, holder text not null)');
  });
  afterEach(async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
    await sut.dispose();
  });

  const candidate = (holder: string, ttlMs = 1_000) => {
    const subscription = sut.store.subscribe({
      subscriptionId: RELAY,
      categories: ['message'],
      lease: { holder, ttlMs },
      handle: async (batch, tx) => {
        for (const event of batch) {
          const { n } = event.data as { n: number };
          await tx.query('insert into handled values ($1, $2)', [n, holder]);
        }
      },
    });
    subscriptions.push(subscription);
    return subscription;
  };
  const append = async (from: number, to: number) => {
    for (let n = from; n <= to; n++) await sut.store.append(`message-${n % 3}`, [accepted(n)]);
  };
  const handled = async () =>
    sut.db.query<{ n: number; holder: string }>('select n, holder from handled order by n');
  const handledReach = (count: number) =>
    waitFor(async () => (await handled()).length >= count, { message: `${count} handled` });

  it('has one holder handle the events, and the other take over when it stops', async () => {
    await append(1, 5);
    const first = candidate('a');
    await waitFor(() => first.active, { message: 'a holds the lease' });
    const second = candidate('b');
    await handledReach(5);
    await append(6, 10);
    await handledReach(10);
    expect(second.active).toBe(false);
    expect(new Set((await handled()).map((row) => row.holder))).toEqual(new Set(['a']));

    await first.stop();
    await append(11, 15);
    await waitFor(() => second.active, { message: 'b takes over' });
    await handledReach(15);
    const rows = await handled();
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(rows.slice(10).every((row) => row.holder === 'b')).toBe(true);
  });

  it('waits while a holder that stopped renewing has time left, then takes over', async () => {
    await append(1, 3);
    await sut.db.query(
      `insert into subscription_leases (subscription_id, holder, fence, expires_at)
       values ($1, 'gone', 7, now() + interval '1500 milliseconds')`,
      [RELAY],
    );
    const successor = candidate('b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(successor.active).toBe(false);
    expect(await handled()).toEqual([]);
    await handledReach(3);
    const [lease] = await sut.db.query<{ holder: string; fence: string }>(
      'select holder, fence::text from subscription_leases',
    );
    expect(lease).toEqual({ holder: 'b', fence: '8' });
  });

  it('handles again from the position an operator rewinds it to, and only that', async () => {
    await append(1, 6);
    const holder = candidate('a');
    await handledReach(6);
    const [fourth] = await sut.store.readAll({ after: (await positionBefore(sut.db, 4))! });
    expect(fourth?.data).toEqual({ n: 4 });

    await rewindSubscription(sut.db, RELAY, (await positionBefore(sut.db, 4))!);
    await handledReach(9);
    await append(7, 7);
    await handledReach(10);
    expect((await handled()).map((row) => row.n)).toEqual([1, 2, 3, 4, 4, 5, 5, 6, 6, 7]);
    expect(holder.active).toBe(true);
  });

  it('knows no position before a log that ends earlier', async () => {
    await append(1, 2);
    expect(await positionBefore(sut.db, 3)).toBeUndefined();
  });
});
