import { DomainRuleError } from '@digital-post/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type OpenedEngine } from '../testing/engines.ts';
import { inOwnTransaction } from './ownTransaction.ts';

describe('one item of a bulk command in its own transaction', () => {
  let engine: OpenedEngine;
  beforeAll(async () => {
    engine = await openEngine('PGlite');
    await engine.db.query('create table marks (item text not null)');
    await engine.store.append('item-1', [{ type: 'Marked', data: {} }]);
  });
  afterAll(() => engine?.dispose());

  const marks = async () =>
    (await engine.db.query<{ item: string }>('select item from marks order by item')).map(
      (row) => row.item,
    );

  /** Writes a mark, then appends expecting the stream at `version`, as a stale writer would. */
  const appendAt = (item: string, versions: number[]) => {
    let attempt = 0;
    return inOwnTransaction(engine.db, async (tx) => {
      await tx.query('insert into marks (item) values ($1)', [item]);
      const expectedVersion = versions[Math.min(attempt, versions.length - 1)]!;
      attempt += 1;
      await engine.store.append('item-1', [{ type: 'Marked', data: {} }], { expectedVersion, tx });
      return attempt;
    });
  };

  it('retries on fresh state after losing a race, and keeps only the attempt that won', async () => {
    expect(await appendAt('raced', [0, 1])).toEqual({ ok: true, value: 2 });
    expect(await marks()).toEqual(['raced']);
  });

  it('reports an item that keeps losing, and keeps nothing of it', async () => {
    expect(await appendAt('lost', [0])).toMatchObject({ ok: false, rule: 'concurrent-change' });
    expect(await marks()).toEqual(['raced']);
  });

  it('answers a refused rule with the rule, and rolls back what the item wrote', async () => {
    const outcome = await inOwnTransaction(engine.db, async (tx) => {
      await tx.query(`insert into marks (item) values ('refused')`);
      throw new DomainRuleError('already-enrolled', 'It is enrolled.');
    });
    expect(outcome).toEqual({ ok: false, rule: 'already-enrolled', detail: 'It is enrolled.' });
    expect(await marks()).toEqual(['raced']);
  });

  it('lets any other failure through', async () => {
    const failing = inOwnTransaction(engine.db, async () => {
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
  });
});
