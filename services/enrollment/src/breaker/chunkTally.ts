import type { SqlExecutor } from '@digital-post/event-store';

interface Count {
  windowStart: string;
  changes: number;
  tripped: boolean;
}

/**
 * The breaker's counts for one transaction that makes many changes (a register feed's chunk):
 * each cause's count row is read once and locked until the transaction ends, so the counts stay
 * exact however many other writers count under the same cause; the chunk then counts in memory
 * and writes every count back by one statement as it ends.
 */
export class ChunkTally {
  private readonly counts = new Map<string, Count>();

  constructor(private readonly tx: SqlExecutor) {}

  /** The counts of `keys`, read (and locked) the first time the chunk meets them. */
  async countsOf(keys: readonly string[], windowStart: string): Promise<Count[]> {
    const unknown = [...new Set(keys.filter((key) => !this.counts.has(key)))].sort();
    if (unknown.length > 0) await this.load(unknown, windowStart);
    return keys.map((key) => this.counts.get(key)!);
  }

  private async load(keys: string[], windowStart: string): Promise<void> {
    const rows = await this.tx.query<{ breaker_key: string; changes: number; tripped: boolean }>(
      `with created as (
         insert into enrollment.breaker_counts (breaker_key, window_start, changes)
         select key, $2, 0 from unnest($1::text[]) as key
         on conflict (breaker_key, window_start) do nothing
       )
       select key as breaker_key,
              coalesce((select changes from enrollment.breaker_counts c
                         where c.breaker_key = key and c.window_start = $2 for update), 0)
                as changes,
              exists (select 1 from enrollment.breaker_trips t where t.breaker_key = key)
                as tripped
         from unnest($1::text[]) as key`,
      [keys, windowStart],
    );
    for (const row of rows) {
      const count = { windowStart, changes: Number(row.changes), tripped: row.tripped };
      this.counts.set(row.breaker_key, count);
    }
  }

  /** Writes the chunk's counts back, in one statement. */
  async flush(): Promise<void> {
    const counts = [...this.counts];
    if (counts.length === 0) return;
    await this.tx.query(
      `update enrollment.breaker_counts c set changes = n.changes
         from unnest($1::text[], $2::timestamptz[], $3::integer[])
           as n(breaker_key, window_start, changes)
        where c.breaker_key = n.breaker_key and c.window_start = n.window_start`,
      [
        counts.map(([key]) => key),
        counts.map(([, count]) => count.windowStart),
        counts.map(([, count]) => count.changes),
      ],
    );
  }
}
