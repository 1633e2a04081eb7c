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

  it('pages through 1,500 single-event transactions losing none, in order', async () => {
    const category = `order${Date.now()}`;
    for (let n = 0; n < 1500; n++) {
      await sut.store.append(`${category}-${n % 7}`, [{ type: 'Counted', data: { n } }]);
    }
    const seen: RecordedEvent[] = [];
    // A transaction running anywhere on the server (another test's) holds the read back a while.
    for (let idle = 0; idle < 500 && seen.length < 1500;) {
      const last = seen.at(-1);
      const batch = await sut.store.readAll({
        categories: [category],
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
    expect(seen.map((event) => (event.data as { n: number }).n)).toEqual(
      Array.from({ length: 1500 }, (_, n) => n),
    );
  });
});
