import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';
import { APPENDED_CHANNEL } from './index.ts';

const accepted = (n: number) => ({ type: 'MessageAccepted', data: { n } });

describe.each(storeAdapters)('readers woken by appends on %s', (_name, open) => {
  let sut: StoreUnderTest;
  let notifications: number;
  let unlisten: () => Promise<void>;
  beforeEach(async () => {
    sut = await open();
    notifications = 0;
    unlisten = await sut.db.listen(APPENDED_CHANNEL, () => void (notifications += 1));
    // Listening announces itself once, for what was appended before.
    await new Promise((resolve) => setTimeout(resolve, 50));
    notifications = 0;
  });
  afterEach(async () => {
    await unlisten();
    await sut.dispose();
  });

  it('are woken once an append commits, in its own transaction or in a caller’s', async () => {
    await sut.store.append('message-1', [accepted(1)]);
    await waitFor(() => notifications >= 1, { message: 'woken by the append' });
    notifications = 0;
    await sut.db.transaction(async (tx) => {
      await sut.store.append('message-1', [accepted(2)], { tx });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Not before the caller's transaction commits: a reader would find nothing yet.
      expect(notifications).toBe(0);
    });
    await waitFor(() => notifications >= 1, { message: 'woken after the commit' });
  });

  it('are not woken by an append that rolled back', async () => {
    await expect(
      sut.db.transaction(async (tx) => {
        await sut.store.append('message-1', [accepted(1)], { tx });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(notifications).toBe(0);
    expect(await sut.store.readStream('message-1')).toEqual([]);
  });
});
