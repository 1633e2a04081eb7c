import { repeatEvery } from '@digital-post/service-kit';
import type { Database } from '@digital-post/event-store';
import type { ChangeCause, EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import { endExpiredExemptions } from './expiredExemptions.ts';
import { birthdayAt } from '../rules/currentRules.ts';

/**
 * The day change: a citizen resident in Denmark is enrolled on the day they turn 15, and no
 * register event says so, so a daily run finds them. It looks only at who turned 15 since the
 * last run (or ever, on the first), and the rules and the decider change nothing that is
 * already right, so running it twice, or two instances at once, enrolls nobody twice.
 */
export interface DayChangeOutcome {
  runDate: string;
  considered: number;
  changed: number;
  held: number;
  /** Exemptions that ran out by the run and were ended. */
  exemptionsEnded: number;
}

const CHUNK = 500;

/** `YYYY-MM-DD` and a real day (not 2026-02-30). */
const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
};

/**
 * Born on or before this day, a person has turned 15 by `runDate`. Fifteen years before a
 * 29 February is never a leap year, and `2013-02-29` is no date: born by then is born by the 28th.
 */
export const bornBy = (runDate: string): string => {
  const day = birthdayAt(runDate, -15);
  return day.endsWith('-02-29') ? `${day.slice(0, 8)}28` : day;
};

export const runDayChange = async (
  db: Database,
  writer: EnrollmentWriter,
  runDate: string,
  now: Date,
): Promise<DayChangeOutcome> => {
  const today = registerDateOf(now);
  // The rules decide by today; a run recorded for a later day would enrol nobody turning 15 on
  // it, and the next run starts after it: those people would never be enrolled.
  if (!isCalendarDate(runDate) || runDate > today) {
    throw new RangeError(`a day change runs for today (${today}) or before, not ${runDate}`);
  }
  const [previous] = await db.query<{ run_date: string }>(
    `select to_char(max(run_date), 'YYYY-MM-DD') as run_date
       from enrollment.day_change_runs where run_date < $1`,
    [runDate],
  );
  const bornAfter = previous?.run_date ? bornBy(previous.run_date) : '0001-01-01';
  const cause = {
    trigger: 'day_change' as const,
    triggerId: `day-change:${runDate}`,
    caseReference: null,
    group: `day-change:${runDate}`,
  };
  const exemptionsEnded = await endExpiredExemptions(db, writer, now, cause);
  const outcome: DayChangeOutcome = {
    runDate,
    considered: 0,
    changed: 0,
    held: 0,
    exemptionsEnded,
  };
  await enrollTurned15(db, writer, { from: bornAfter, to: bornBy(runDate) }, cause, outcome);
  await db.query(
    `insert into enrollment.day_change_runs (run_date, ran_at, changed, held)
     values ($1, now(), $2, $3)
     on conflict (run_date) do update set ran_at = now(),
       changed = enrollment.day_change_runs.changed + excluded.changed,
       held = enrollment.day_change_runs.held + excluded.held`,
    [runDate, outcome.changed, outcome.held],
  );
  return outcome;
};

/** Enrolls, in chunks, the residents of Denmark born in (from, to]: they have turned 15. */
const enrollTurned15 = async (
  db: Database,
  writer: EnrollmentWriter,
  born: { from: string; to: string },
  cause: ChangeCause,
  outcome: DayChangeOutcome,
): Promise<void> => {
  let after = '';
  for (;;) {
    const ids = await db.query<{ subject_id: string }>(
      `select subject_id from enrollment.people
        where subject_kind = 'cpr' and not enrolled and known and exemption_id is null
          and died_on is null and residence_country = 'DK'
          and birth_date <= $1 and birth_date > $2 and subject_id > $3
        order by subject_id limit ${CHUNK}`,
      [born.to, born.from, after],
    );
    if (ids.length === 0) break;
    await db.transaction(async (tx) => {
      for (const { subject_id } of ids) {
        const record = await writer.loadSubject(tx, { kind: 'cpr', id: subject_id });
        const { outcome: result } = await writer.applyRules(tx, record, cause);
        if (result !== 'unchanged') outcome[result] += 1;
      }
    });
    outcome.considered += ids.length;
    after = ids.at(-1)!.subject_id;
  }
};

/** Runs the day change once a day (checked every `checkMs`), and at start if today's is due. */
export const scheduleDayChange = (
  db: Database,
  run: (runDate: string) => Promise<unknown>,
  now: () => Date,
  checkMs: number,
  onError: (error: unknown) => void,
) => {
  const check = async () => {
    const today = registerDateOf(now());
    const [done] = await db.query(`select 1 from enrollment.day_change_runs where run_date = $1`, [
      today,
    ]);
    if (!done) await run(today);
  };
  return repeatEvery(check, checkMs, onError);
};
