import type { Database, RecordedEvent, SqlExecutor } from '@digital-post/event-store';

/**
 * A consumer's side effects, one row per handler run and no unique key, so an effect applied
 * twice shows up as a second row instead of failing: the fault tests count them.
 */
export const createEffectsTable = async (db: Database): Promise<void> => {
  await db.query(
    'create table if not exists effects (grp text not null, n int not null, event_id uuid not null)',
  );
};

export const recordEffect =
  (groupId: string) =>
  async (event: RecordedEvent, tx: SqlExecutor): Promise<void> => {
    const { n } = event.data as { n: number };
    await tx.query('insert into effects (grp, n, event_id) values ($1, $2, $3)', [
      groupId,
      n,
      event.id,
    ]);
  };

export interface EffectCounts {
  total: number;
  distinct: number;
}

export const effectCounts = async (db: Database, groupId: string): Promise<EffectCounts> => {
  const [row] = await db.query<{ total: number; distinct: number }>(
    `select count(*)::int as total, count(distinct n)::int as distinct
       from effects where grp = $1`,
    [groupId],
  );
  return row ?? { total: 0, distinct: 0 };
};
