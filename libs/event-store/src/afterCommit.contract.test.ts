import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';

describe.each(storeAdapters)('work after a commit on %s', (_name, open) => {
  let sut: StoreUnderTest;
  beforeEach(async () => {
    sut = await open();
    await sut.db.query('create table marks (n int)');
  });
  afterEach(() => sut.dispose());

  it('runs once the transaction has committed, before its caller goes on', async () => {
    const seen: number[] = [];
    const committed = sut.db.transaction(async (tx) => {
      await tx.query('insert into marks values (1)');
      tx.afterCommit?.(() => seen.push(1));
      expect(seen).toEqual([]);
      return 'done';
    });
    await expect(committed).resolves.toBe('done');
    expect(seen).toEqual([1]);
  });

  it('never runs when the transaction rolls back', async () => {
    const seen: number[] = [];
    await expect(
      sut.db.transaction(async (tx) => {
        tx.afterCommit?.(() => seen.push(1));
        await tx.query('insert into marks values (1)');
        await tx.query('select 1 / 0');
      }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
  });

  it('is offered by every transaction of the database', async () => {
    await sut.db.transaction(async (tx) => expect(tx.afterCommit).toBeTypeOf('function'));
  });
});
