import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, openPgliteDatabase, type Database, type EventStore } from '../index.ts';
import { markedStatements, prepared } from './prepared.ts';

/**
 * The store's marked statements on PGlite run prepared, with one plan for any values: they
 * answer as `query` does, fail as it does, leave the session's planning as it was, and have no
 * plan that scans the whole log.
 */
describe('marked statements on PGlite', () => {
  let db: Database;
  let store: EventStore;
  beforeAll(async () => {
    db = await openPgliteDatabase();
    store = await createEventStore(db);
    // A log never analysed (PGlite has no autovacuum), of a size where a plan for ten ids
    // costs a scan of it below ten index lookups.
    for (let n = 0; n < 40; n += 1) {
      const events = Array.from({ length: 50 }, () => ({ type: 'Grown', data: { n } }));
      await store.append(`message-${randomUUID()}`, events);
    }
  });
  afterAll(() => db.close());

  const planCacheMode = async (executor: Pick<Database, 'query'>) =>
    (await executor.query<{ plan_cache_mode: string }>('show plan_cache_mode'))[0]!.plan_cache_mode;

  it('answers with rows typed as a plain query types them, nulls included', async () => {
    const text = prepared(
      'select $1::bigint as n, $2::text[] as names, $3::jsonb as doc, $4::text as none',
    );
    const params = [42, ['a', 'b,c', 'd"e'], JSON.stringify({ a: [1] }), null];
    expect(await db.query(text, params)).toEqual(await db.query(`${text} -- unmarked`, params));
  });

  it('fails with the engine error, and leaves planning as it was, in and out of transactions', async () => {
    const stored = await store.append(`message-${randomUUID()}`, [{ type: 'Once', data: {} }]);
    const [row] = await db.query<{ event_id: string }>(
      'select event_id::text from events where global_position = $1',
      [stored.lastPosition.globalPosition],
    );
    const insert = prepared(
      `insert into events (event_id, stream_id, stream_category, stream_version, event_type,
                           schema_version, data, metadata)
       values ($1::uuid, 'message-again', 'message', 1, 'Again', 1, '{}', '{}')`,
    );
    await expect(db.query(insert, [row!.event_id])).rejects.toMatchObject({ code: '23505' });
    expect(await planCacheMode(db)).toBe('auto');
    await expect(
      db.transaction(async (tx) => {
        expect(await planCacheMode(tx)).toBe('auto');
        await tx.query(insert, [row!.event_id]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await planCacheMode(db)).toBe('auto');
  });

  it('has no plan of any marked statement that scans the log', async () => {
    expect(markedStatements().length).toBeGreaterThan(3);
    await db.query('set plan_cache_mode = force_generic_plan');
    for (const text of markedStatements()) {
      const values = Math.max(
        0,
        ...[...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])),
      );
      await db.query(`prepare planned as ${text}`);
      const plan = await db.query<{ 'QUERY PLAN': string }>(
        `explain execute planned(${Array.from({ length: values }, () => 'null').join(', ')})`,
      );
      await db.query('deallocate planned');
      const lines = plan.map((line) => line['QUERY PLAN']).join('\n');
      expect(lines, text).not.toMatch(/Seq Scan on events|Bitmap Heap Scan on events/);
    }
    await db.query('reset plan_cache_mode');
  });
});
