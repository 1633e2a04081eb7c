import type { Subject } from '@digital-post/contracts';
import type {
  EnrollmentIncident,
  WrongChange,
} from '../incidents/enrollment/reconstructEnrollment.ts';

/**
 * The repair of an enrollment incident: each wrong change that still stands (nothing changed
 * the subject since) put right through the enrollment service's own commands, under the case:
 * the wrongly unenrolled re-enrolled (no welcome letter), the wrongly enrolled decided again by
 * the rules in force. What a later change already put right is left alone, so carrying the plan
 * out twice changes nothing the second time.
 */
export interface EnrollmentRemediationPlan {
  caseReference: string;
  reenroll: Subject[];
  applyRules: Subject[];
  /** Wrong changes already put right by a later change of the subject. */
  settled: number;
}

/** What carrying a plan out came to: the enrollment service's counts by outcome. */
export interface EnrollmentRemediationResult {
  reenrolled: Record<string, number>;
  rulesApplied: Record<string, number>;
}

export interface EnrollmentRemediation {
  plan: EnrollmentRemediationPlan;
  result?: EnrollmentRemediationResult | undefined;
}

const standing = (wrong: readonly WrongChange[], change: 'enrolled' | 'unenrolled') =>
  wrong
    .filter((w) => w.recorded.change === change && w.period.until === null)
    .map((w) => w.recorded.subject);

export const planEnrollmentRemediation = (
  incident: EnrollmentIncident,
  caseReference: string,
): EnrollmentRemediationPlan => ({
  caseReference,
  reenroll: standing(incident.wrong, 'unenrolled'),
  applyRules: standing(incident.wrong, 'enrolled'),
  settled: incident.wrong.filter((w) => w.period.until !== null).length,
});
