import type { BreachState } from './breachDecider.ts';

const HOUR = 3_600_000;
/** The preliminary report is due this long after the breach was found. */
export const PRELIMINARY_WITHIN_HOURS = 24;
/** The follow-up is due this long after the preliminary report was filed. */
export const FOLLOW_UP_WITHIN_HOURS = 72;

export interface Deadline {
  /** When it is due; null while what it follows has not happened. */
  due: string | null;
  filedAt: string | null;
  overdue: boolean;
}

export interface Deadlines {
  preliminary: Deadline;
  followUp: Deadline;
}

const deadline = (due: number | null, filedAt: string | null, now: Date): Deadline => ({
  due: due === null ? null : new Date(due).toISOString(),
  filedAt,
  // Overdue: due and not filed in time, whether filed late or not at all.
  overdue: due !== null && (filedAt === null ? now.getTime() > due : Date.parse(filedAt) > due),
});

/** A breach's two deadlines as they stand `now`. */
export const deadlinesOf = (state: BreachState, now: Date): Deadlines => {
  const found = state.found ? Date.parse(state.found.foundAt) : null;
  const preliminaryFiled = state.preliminary?.filedAt ?? null;
  return {
    preliminary: deadline(
      found === null ? null : found + PRELIMINARY_WITHIN_HOURS * HOUR,
      preliminaryFiled,
      now,
    ),
    followUp: deadline(
      preliminaryFiled === null
        ? null
        : Date.parse(preliminaryFiled) + FOLLOW_UP_WITHIN_HOURS * HOUR,
      state.followUp?.filedAt ?? null,
      now,
    ),
  };
};

/** What every drafted report starts with: which breach, which stage, its deadline, its case. */
export const reportHeaderOf = (
  state: BreachState,
  stage: 'preliminary' | 'follow-up',
  now: Date,
) => {
  const found = state.found!;
  const deadlines = deadlinesOf(state, now);
  return {
    breachId: found.breachId,
    stage,
    deadline: stage === 'preliminary' ? deadlines.preliminary : deadlines.followUp,
    caseReference: found.caseReference,
    began: found.began,
    ended: found.ended,
    foundAt: found.foundAt,
  };
};
