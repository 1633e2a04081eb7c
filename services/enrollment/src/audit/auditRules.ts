import {
  unenrollReasonOf,
  verdictFor,
  type EnrollCauseCode,
  type EnrollmentRules,
  type Facts,
  type NotEnrolledReason,
} from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';

/**
 * The audit's comparison, for one citizen or company: what the rules say from the register
 * facts against the enrollment recorded. An exemption means "should not be enrolled", whatever
 * the rules say; a verdict of `either` never differs; a held change counts as not yet made.
 * Pure, so a million rows are compared at the speed they are read.
 */
export interface AuditedRow {
  subject: Subject;
  facts: Facts;
  enrolled: boolean;
  everEnrolled: boolean;
  exempt: boolean;
  heldChanges: number;
  /** The last change the read model recorded: the one that made the subject differ, if any. */
  lastChange: MadeBy | null;
}

export interface MadeBy {
  eventId: string;
  eventType: string;
  at: string;
  ruleVersion: string | null;
  trigger: string | null;
}

export type Expectation =
  | { should: 'enrolled'; cause: EnrollCauseCode }
  | { should: 'not_enrolled'; reason: NotEnrolledReason | 'exempt' };

/**
 * The operator route that brings a difference in line: `reenroll` restores an enrollment ended
 * in error (no welcome letter), `apply-rules` lets the rules decide (a first enrollment gets
 * the letter); null when neither does (an exempt subject enrolled, a child under 15 enrolled).
 */
export type Remedy = 'reenroll' | 'apply-rules' | null;

export interface AuditDifference {
  subject: Subject;
  recorded: { enrolled: boolean; exempt: boolean };
  rules: Expectation;
  madeBy: MadeBy | null;
  heldChanges: number;
  remedy: Remedy;
}

/** What the subject's enrollment should be; null when the rules leave it open. */
export const expectationFor = (
  rules: EnrollmentRules,
  row: Pick<AuditedRow, 'subject' | 'facts' | 'exempt'>,
  today: string,
): Expectation | null => {
  if (row.exempt) return { should: 'not_enrolled', reason: 'exempt' };
  const verdict = verdictFor(rules, row.subject, row.facts, today);
  return verdict.should === 'either' ? null : verdict;
};

const remedyFor = (row: AuditedRow, expected: Expectation): Remedy => {
  if (expected.should === 'enrolled') return row.everEnrolled ? 'reenroll' : 'apply-rules';
  if (expected.reason === 'exempt') return null;
  return unenrollReasonOf(expected.reason) ? 'apply-rules' : null;
};

/** The difference between rules and record for one subject; null when they agree. */
export const auditRow = (
  rules: EnrollmentRules,
  row: AuditedRow,
  today: string,
): AuditDifference | null => {
  const expected = expectationFor(rules, row, today);
  if (expected === null) return null;
  if ((expected.should === 'enrolled') === row.enrolled) return null;
  return {
    subject: row.subject,
    recorded: { enrolled: row.enrolled, exempt: row.exempt },
    rules: expected,
    madeBy: row.lastChange,
    heldChanges: row.heldChanges,
    remedy: remedyFor(row, expected),
  };
};

export interface AuditSummary {
  today: string;
  ruleVersion: string;
  examined: number;
  citizens: number;
  companies: number;
  differing: number;
  /** The rules say enrolled; the record says not. */
  missingEnrollments: number;
  /** The record says enrolled; the rules (or an exemption) say not. */
  wrongEnrollments: number;
  /** Differences by what the rules say and why: `not_enrolled:moved_to_greenland`. */
  byExpectation: Record<string, number>;
  /** Differences by the rule version of the change that made them; `none` when unrecorded. */
  byRuleVersion: Record<string, number>;
  /** Differences a held change is waiting on an operator for. */
  withHeldChanges: number;
}

export const emptySummary = (rules: EnrollmentRules, today: string): AuditSummary => ({
  today,
  ruleVersion: rules.version,
  examined: 0,
  citizens: 0,
  companies: 0,
  differing: 0,
  missingEnrollments: 0,
  wrongEnrollments: 0,
  byExpectation: {},
  byRuleVersion: {},
  withHeldChanges: 0,
});

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Counts one audited row (and its difference, if any) into `summary`. */
export const countInto = (
  summary: AuditSummary,
  row: AuditedRow,
  difference: AuditDifference | null,
): void => {
  summary.examined += 1;
  if (row.subject.kind === 'cpr') summary.citizens += 1;
  else summary.companies += 1;
  if (!difference) return;
  summary.differing += 1;
  if (difference.rules.should === 'enrolled') summary.missingEnrollments += 1;
  else summary.wrongEnrollments += 1;
  const { rules: expected } = difference;
  bump(
    summary.byExpectation,
    `${expected.should}:${expected.should === 'enrolled' ? expected.cause : expected.reason}`,
  );
  bump(summary.byRuleVersion, difference.madeBy?.ruleVersion ?? 'none');
  if (difference.heldChanges > 0) summary.withHeldChanges += 1;
};
