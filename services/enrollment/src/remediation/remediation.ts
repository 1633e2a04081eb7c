import type { Database } from '@digital-post/event-store';
import type { ChangeCause, EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import { inOwnTransaction } from '../operations/ownTransaction.ts';
import { mailboxIdOf, type Subject } from '../subjects/subject.ts';

/**
 * Repairs after a faulty change, one subject per transaction so a refusal or failure touches
 * that subject alone. Both go through the writer, and so through the mass-change breaker: a
 * remediation of a hundred thousand is itself a mass change, held for approval past the limit.
 */
export type ReenrollResult =
  | { subject: Subject; outcome: 'reenrolled' | 'held' }
  | { subject: Subject; outcome: 'skipped'; rule: string; detail: string };

export type ApplyRulesResult =
  | { subject: Subject; outcome: 'changed' | 'held' | 'unchanged'; enrolled: boolean }
  | { subject: Subject; outcome: 'skipped'; rule: string; detail: string };

/** Each subject once, in the order first named. */
export const distinctSubjects = (subjects: readonly Subject[]): Subject[] => [
  ...new Map(subjects.map((subject) => [mailboxIdOf(subject), subject])).values(),
];

/**
 * Restores enrollments ended in error (August 2023). The decider makes each a `correction`
 * with `firstEnrollment: false`, so no welcome letter goes out, and refuses whoever is
 * enrolled, exempt or was never enrolled: they are reported as skipped with the rule.
 */
export const reenrollSubjects = async (
  deps: { db: Database; writer: EnrollmentWriter },
  subjects: readonly Subject[],
  cause: ChangeCause,
): Promise<ReenrollResult[]> => {
  const results: ReenrollResult[] = [];
  for (const subject of distinctSubjects(subjects)) {
    const outcome = await inOwnTransaction(deps.db, (tx) =>
      deps.writer.reenroll(tx, subject, cause),
    );
    if (!outcome.ok) results.push({ subject, outcome: 'skipped', ...outcome });
    else results.push({ subject, outcome: outcome.value === 'held' ? 'held' : 'reenrolled' });
  }
  return results;
};

/**
 * Lets the rules in force decide again for each subject, under the operator's command and
 * case: how the citizens a faulty version enrolled in Greenland are unenrolled.
 */
export const applyRulesTo = async (
  deps: { db: Database; writer: EnrollmentWriter },
  subjects: readonly Subject[],
  cause: ChangeCause,
): Promise<ApplyRulesResult[]> => {
  const results: ApplyRulesResult[] = [];
  for (const subject of distinctSubjects(subjects)) {
    const outcome = await inOwnTransaction(deps.db, async (tx) =>
      deps.writer.applyRules(tx, await deps.writer.loadSubject(tx, subject), cause),
    );
    if (!outcome.ok) results.push({ subject, outcome: 'skipped', ...outcome });
    else {
      const { record, outcome: result } = outcome.value;
      results.push({ subject, outcome: result, enrolled: record.state.enrolled });
    }
  }
  return results;
};
