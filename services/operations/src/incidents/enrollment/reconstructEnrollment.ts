import type { EnrollmentRedecision, EnrollmentRedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import type { LogWindow } from '../../replay/logWindow.ts';
import { positionsOf, type ReplayProgress } from '../../replay/replayLog.ts';
import { enrollmentChanges, type RecordedChange } from './enrollmentChanges.ts';
import {
  lettersWhileWrong,
  periodsOf,
  wrongWelcomeLetters,
  type AffectedLetter,
  type Period,
  type PrintedWelcome,
} from './whileWrong.ts';
import { enrollmentSummariesOf, type AuthoritySummary, type CauseSummary } from './summaries.ts';

/** A change the rules in force would not have made, and what followed from it while it stood. */
export interface WrongChange {
  recorded: RecordedChange;
  trusted: Pick<EnrollmentRedecision, 'should' | 'why'>;
  period: Period;
  /** Wrongly enrolled: letters delivered to them; wrongly unenrolled: letters sent on paper. */
  letters: AffectedLetter[];
}

export interface EnrollmentIncident {
  window: Pick<LogWindow, 'from' | 'to'>;
  trustedRuleVersion: string | null;
  /** Changes the rules made in the window, all decided again. */
  changes: number;
  wrong: WrongChange[];
  welcomeLetters: PrintedWelcome[];
  byCause: CauseSummary[];
  byAuthority: AuthoritySummary[];
}

/**
 * Whether the rules in force would have made the recorded change from the facts then: an
 * enrollment only where they say enrolled, an unenrollment only where they say not enrolled
 * (where they leave it open, the rules change nothing).
 */
const isWrong = (change: RecordedChange, trusted: EnrollmentRedecision): boolean =>
  change.change === 'enrolled' ? trusted.should !== 'enrolled' : trusted.should !== 'not_enrolled';

/**
 * August 2023 in minutes: every enrollment change the rules made in the window decided again by
 * the rules in force from the register facts as they stood before it, and each one they would
 * not have made, with the letters that followed from it while it stood (delivered to the wrongly
 * enrolled, printed for the wrongly unenrolled) and the welcome letters printed wrongly.
 * Operators' own commands (a correction, a remediation) are theirs, not the rules'.
 */
export const reconstructEnrollment = async (
  db: Database,
  redecision: EnrollmentRedecisionPort,
  window: Pick<LogWindow, 'from' | 'to'>,
  options: { onProgress?(progress: ReplayProgress): void } = {},
): Promise<EnrollmentIncident> => {
  let changes = 0;
  let trustedRuleVersion: string | null = null;
  const differing: Omit<WrongChange, 'period' | 'letters'>[] = [];
  for await (const page of enrollmentChanges(db, window, options)) {
    const byRules = page.filter((change) => change.trigger !== 'operator_command');
    if (byRules.length === 0) continue;
    const answers = await redecision.redecide(
      byRules.map(({ subject, at, position }) => ({ subject, at, before: position })),
    );
    changes += byRules.length;
    byRules.forEach((recorded, index) => {
      const answer = answers[index]!;
      trustedRuleVersion = answer.ruleVersion;
      if (isWrong(recorded, answer)) {
        differing.push({ recorded, trusted: { should: answer.should, why: answer.why } });
      }
    });
  }
  const wrong = await withConsequences(db, differing);
  const enrollments = new Set(
    wrong.filter((w) => w.recorded.change === 'enrolled').map((w) => w.recorded.eventId),
  );
  const welcomeLetters = await wrongWelcomeLetters(db, await positionsOf(db, window), enrollments);
  return {
    window,
    trustedRuleVersion,
    changes,
    wrong,
    welcomeLetters,
    ...enrollmentSummariesOf(wrong),
  };
};

const withConsequences = async (
  db: Database,
  differing: Omit<WrongChange, 'period' | 'letters'>[],
): Promise<WrongChange[]> => {
  const periods = await periodsOf(
    db,
    differing.map((w) => w.recorded),
  );
  const stood = differing.map((w) => ({
    change: w.recorded,
    period: periods.get(w.recorded.eventId)!,
  }));
  const letters = await lettersWhileWrong(db, stood);
  return differing.map((w) => ({
    ...w,
    period: periods.get(w.recorded.eventId)!,
    letters: letters.get(w.recorded.eventId) ?? [],
  }));
};
