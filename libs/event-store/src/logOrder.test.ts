import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';
import type { RecordedEvent } from './index.ts';

/**
 * Transaction ids pass 999 and 9999 in the life of every store. PGlite sorts `xid8` as text, so
 * a log read ordered by it would page past '9xx' transactions after '1000' and lose them.
 */
describe.each(storeAdapters)('the global log across many transactions on %s', (_name, open) => {
  let sut: StoreUnderTest;
  beforeEach(async () => {
    sut = await open();
  });
  afterEach(async () => {
    await sut.dispose();
  });

  it.each([1, 3])(
    'pages through 1,500 single-event transactions of %i categories losing none, in order',
    async (categoryCount) => {
      const categories = Array.from({ length: categoryCount }, (_, c) => `order${Date.now()}x${c}`);
      for (let n = 0; n < 1500; n++) {
        const category = categories[n % categoryCount]!;
        await sut.store.append(`${category}-${n % 7}`, [{ type: 'Counted', data: { n } }]);
      }
      await expect(readEverything(categories)).resolves.toEqual(
        Array.from({ length: 1500 }, (_, n) => n),
      );
    },
  );

  /** The log of these categories, read a page at a time as a subscriber reads it. */
  const readEverything = async (categories: string[]): Promise<number[]> => {
    const seen: RecordedEvent[] = [];
    // A transaction running anywhere on the server (another test's) holds the read back a while.
    for (let idle = 0; idle < 500 && seen.length < 1500;) {
      const last = seen.at(-1);
      const batch = await sut.store.readAll({
        categories,
        batchSize: 100,
        ...(last && {
          after: { transactionId: last.transactionId, globalPosition: last.globalPosition },
        }),
      });
      if (batch.length === 0) {
        idle += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      seen.push(...batch);
    }
    return seen.map((event) => (event.data as { n: number }).n);
  };
});
