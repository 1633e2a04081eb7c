import type { SqlExecutor } from '@digital-post/event-store';
import { ChunkTally } from './chunkTally.ts';

/**
 * The circuit breaker on mass changes. In August 2023 one faulty update unenrolled about
 * 118,000 users and enrolled about 21,000 in Greenland before anyone noticed. Every automatic
 * or commanded change is counted under each of its causes (the rule version, the register
 * batch, the operator command, the daily run) within a window; once a cause has changed more
 * mailboxes than the limit, it trips, and every further change of that cause is held as
 * pending until an operator approves or rejects what it held.
 */
export interface BreakerLimits {
  /** At most this many changes of one cause and direction per window. */
  maxChanges: number;
  /** ...and at most this share of the enrolled mailboxes, */
  maxShare: number;
  /** ...but never a limit below this, so a small population can still change. */
  minimumLimit: number;
  windowMs: number;
}

export const defaultBreakerLimits: BreakerLimits = {
  maxChanges: 5000,
  maxShare: 0.01,
  minimumLimit: 100,
  windowMs: 60 * 60 * 1000,
};

export type Admission = { held: false } | { held: true; breakerKey: string };

export interface MassChangeBreaker {
  /** Counts one change under `keys`; says whether it must be held instead. */
  admit(tx: SqlExecutor, keys: readonly string[]): Promise<Admission>;
  /**
   * Runs `work`, which makes many changes in `tx` (a register feed's chunk), with the counts of
   * their causes read once, locked, kept in memory and written back as it ends.
   */
  inChunk<T>(tx: SqlExecutor, work: () => Promise<T>): Promise<T>;
  /** Closes a trip once an operator has decided on everything it held. */
  reset(tx: SqlExecutor, breakerKey: string): Promise<void>;
}

/** The limit for a population of `enrolled` mailboxes. */
export const limitFor = (limits: BreakerLimits, enrolled: number): number =>
  Math.min(
    limits.maxChanges,
    Math.max(limits.minimumLimit, Math.floor(limits.maxShare * enrolled)),
  );

const POPULATION_TTL_MS = 60_000;

/**
 * A change, in one statement: held when one of its causes has tripped already; otherwise counted
 * under every one of its causes in the current window, with the counts it brought them to.
 */
const admitSql = `
  with tripped as (
    select breaker_key from enrollment.breaker_trips where breaker_key = any($1::text[])
  ), counted as (
    insert into enrollment.breaker_counts (breaker_key, window_start, changes)
    select key, $2, 1 from unnest($1::text[]) as key
     where not exists (select 1 from tripped)
    on conflict (breaker_key, window_start)
      do update set changes = enrollment.breaker_counts.changes + 1
    returning breaker_key, changes
  )
  select 'tripped' as kind, breaker_key, null::bigint as changes from tripped
  union all
  select 'counted', breaker_key, changes from counted`;

/** Records that a cause tripped, and answers the change that tripped it: held. */
const tripRecorder =
  (now: () => Date) =>
  async (tx: SqlExecutor, key: string, limit: number): Promise<Admission> => {
    await tx.query(
      `insert into enrollment.breaker_trips (breaker_key, tripped_at, limit_at_trip)
       values ($1, $2, $3) on conflict (breaker_key) do nothing`,
      [key, now().toISOString(), limit],
    );
    return { held: true, breakerKey: key };
  };

/**
 * A change counted in a chunk's tally: none when admitted; the cause that had tripped before
 * (`tripped`), or the first one it took over the limit, which trips now.
 */
const countInChunk = (
  keys: readonly string[],
  counts: Array<{ changes: number; tripped: boolean }>,
  limit: number,
): { key: string; tripped: boolean } | undefined => {
  const before = keys.findIndex((_, index) => counts[index]!.tripped);
  if (before >= 0) return { key: keys[before]!, tripped: true };
  counts.forEach((count) => (count.changes += 1));
  const over = keys.findIndex((_, index) => counts[index]!.changes > limit);
  if (over < 0) return undefined;
  counts[over]!.tripped = true;
  return { key: keys[over]!, tripped: false };
};

/**
 * The limit now. Counting a million rows per change would be the slowest thing here; the
 * population moves slowly, so its size is read once a minute.
 */
const populationLimit = (limits: BreakerLimits, now: () => Date) => {
  let population: { enrolled: number; readAt: number } | null = null;
  return async (tx: SqlExecutor): Promise<number> => {
    const at = now().getTime();
    if (!population || at - population.readAt > POPULATION_TTL_MS) {
      const [row] = await tx.query<{ enrolled: number | string }>(
        `select count(*) as enrolled from enrollment.people where enrolled`,
      );
      population = { enrolled: Number(row?.enrolled ?? 0), readAt: at };
    }
    return limitFor(limits, population.enrolled);
  };
};

export const createMassChangeBreaker = (
  limits: BreakerLimits,
  now: () => Date,
): MassChangeBreaker => {
  const limitNow = populationLimit(limits, now);
  const windowStart = (): string =>
    new Date(Math.floor(now().getTime() / limits.windowMs) * limits.windowMs).toISOString();

  const recordTrip = tripRecorder(now);
  const tallies = new WeakMap<SqlExecutor, ChunkTally>();
  const admitInChunk = async (
    tx: SqlExecutor,
    tally: ChunkTally,
    keys: readonly string[],
    limit: number,
  ): Promise<Admission> => {
    const counts = await tally.countsOf(keys, windowStart());
    const over = countInChunk(keys, counts, limit);
    if (over === undefined) return { held: false };
    return over.tripped ? { held: true, breakerKey: over.key } : recordTrip(tx, over.key, limit);
  };

  return {
    inChunk: async (tx, work) => {
      const tally = new ChunkTally(tx);
      tallies.set(tx, tally);
      try {
        const result = await work();
        await tally.flush();
        return result;
      } finally {
        tallies.delete(tx);
      }
    },
    admit: async (tx, keys) => {
      const limit = await limitNow(tx);
      const tally = tallies.get(tx);
      if (tally) return admitInChunk(tx, tally, keys, limit);
      const rows = await tx.query<{
        kind: 'tripped' | 'counted';
        breaker_key: string;
        changes: number;
      }>(admitSql, [keys, windowStart()]);
      const tripped = rows.find((row) => row.kind === 'tripped');
      if (tripped) return { held: true, breakerKey: tripped.breaker_key };
      // The first cause, in the order given, that has now gone over its limit trips.
      const over = keys.find((key) =>
        rows.some((row) => row.breaker_key === key && Number(row.changes) > limit),
      );
      return over === undefined ? { held: false } : recordTrip(tx, over, limit);
    },
    reset: async (tx, breakerKey) => {
      await tx.query(`delete from enrollment.breaker_trips where breaker_key = $1`, [breakerKey]);
      await tx.query(`delete from enrollment.breaker_counts where breaker_key = $1`, [breakerKey]);
    },
  };
};

/** The causes a change is counted under: its rule version and what set it off, by direction. */
export const breakerKeysOf = (
  change: 'enroll' | 'unenroll',
  ruleVersion: string,
  cause: string,
): string[] => [`rule:${ruleVersion}:${change}`, `${cause}:${change}`];
