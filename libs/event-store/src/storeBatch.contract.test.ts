import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';
import { batchingStore, ConcurrencyError, type NewEvent } from './index.ts';

const routed = (n: number): NewEvent => ({ type: 'MessageRouted', data: { n } });

describe.each(storeAdapters)('a batch of commands on %s', (_name, open) => {
  let sut: StoreUnderTest;
  beforeEach(async () => {
    sut = await open();
  });
  afterEach(async () => {
    await sut.dispose();
  });

  it('reads each stream once, sees its own appends, and writes them all as it ends', async () => {
    await sut.store.append('routing-1', [routed(1)]);
    const store = batchingStore(sut.store);
    await sut.db.transaction((tx) =>
      store.inBatch(tx, async (batch) => {
        await batch.prefetch(['routing-1', 'routing-2']);
        await store.append('routing-1', [routed(2)], { expectedVersion: 1, tx });
        await store.append('routing-2', [routed(3)], { expectedVersion: 'no_stream', tx });
        const appended = await store.append('routing-2', [routed(4)], { tx });
        expect(appended.nextExpectedVersion).toBe(2);
        const seen = await store.readStream('routing-1', { tx });
        expect(seen.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
        await expect(
          store.append('routing-1', [routed(5)], { expectedVersion: 'no_stream', tx }),
        ).rejects.toBeInstanceOf(ConcurrencyError);
        // Nothing of the batch is in the store before it ends.
        expect(await sut.store.readStream('routing-2', { tx })).toEqual([]);
      }),
    );
    const streams = await sut.store.readStreams(['routing-1', 'routing-2']);
    expect(streams.get('routing-1')!.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(streams.get('routing-2')!.map((event) => [event.streamVersion, event.data])).toEqual([
      [1, { n: 3 }],
      [2, { n: 4 }],
    ]);
  });

  it('fails as it ends, writing nothing, when another writer appended to one of its streams', async () => {
    const store = batchingStore(sut.store);
    await sut.store.append('routing-1', [routed(1)]);
    // The other writer commits between the batch's read and its write (PGlite runs one
    // transaction at a time, so there it writes inside the batch's transaction instead).
    const result = sut.db.transaction((tx) =>
      store.inBatch(tx, async (batch) => {
        await batch.prefetch(['routing-1']);
        await store.append('routing-1', [routed(2)], { expectedVersion: 1, tx });
        await store.append('routing-9', [routed(9)], { tx });
        if (sut.db.engine === 'pglite') await sut.store.append('routing-1', [routed(3)], { tx });
        else await sut.store.append('routing-1', [routed(3)]);
      }),
    );
    await expect(result).rejects.toBeInstanceOf(ConcurrencyError);
    const streams = await sut.store.readStreams(['routing-1', 'routing-9']);
    expect([...streams.keys()]).toEqual(['routing-1']);
  });

  it('is the store as it is outside a batch', async () => {
    const store = batchingStore(sut.store);
    await store.append('routing-1', [routed(1)], { expectedVersion: 'no_stream' });
    expect(await store.readStream('routing-1')).toHaveLength(1);
  });
});
