import type {
  CitizenEnrolled,
  CitizenUnenrolled,
  CompanyEnrolled,
  CompanyExemptionEnded,
  CompanyExemptionGranted,
  CompanyUnenrolled,
  EnrollmentChangeApproved,
  EnrollmentChangeHeld,
  EnrollmentChangeRejected,
  ExemptionEnded,
  ExemptionGranted,
  WelcomeLetterPrinted,
} from '@digital-post/contracts';
import type { EnrollCauseCode, UnenrollReasonCode } from '../rules/rules.ts';
import { mailboxIdOf, type Subject } from '../subjects/subject.ts';

/**
 * The events of stream `enrollment-<cpr or cvr>`. Citizens and companies have their own types
 * (the contracts keep a CVR from ever being read as a CPR); the rules are the same, so the
 * decider works on these and the types are chosen by the subject's kind.
 */
export type EnrollmentEvent =
  | { type: 'CitizenEnrolled'; schemaVersion: 3; data: CitizenEnrolled }
  | { type: 'CitizenUnenrolled'; schemaVersion: 3; data: CitizenUnenrolled }
  | { type: 'ExemptionGranted'; schemaVersion: 3; data: ExemptionGranted }
  | { type: 'ExemptionEnded'; schemaVersion: 3; data: ExemptionEnded }
  | { type: 'CompanyEnrolled'; schemaVersion: 2; data: CompanyEnrolled }
  | { type: 'CompanyUnenrolled'; schemaVersion: 2; data: CompanyUnenrolled }
  | { type: 'CompanyExemptionGranted'; schemaVersion: 2; data: CompanyExemptionGranted }
  | { type: 'CompanyExemptionEnded'; schemaVersion: 2; data: CompanyExemptionEnded }
  | { type: 'EnrollmentChangeHeld'; schemaVersion: 1; data: EnrollmentChangeHeld }
  | { type: 'EnrollmentChangeApproved'; schemaVersion: 1; data: EnrollmentChangeApproved }
  | { type: 'EnrollmentChangeRejected'; schemaVersion: 1; data: EnrollmentChangeRejected }
  | { type: 'WelcomeLetterPrinted'; schemaVersion: 1; data: WelcomeLetterPrinted };

export type EnrollmentEventType = EnrollmentEvent['type'];

export const enrollmentEventTypes: EnrollmentEventType[] = [
  'CitizenEnrolled',
  'CitizenUnenrolled',
  'ExemptionGranted',
  'ExemptionEnded',
  'CompanyEnrolled',
  'CompanyUnenrolled',
  'CompanyExemptionGranted',
  'CompanyExemptionEnded',
  'EnrollmentChangeHeld',
  'EnrollmentChangeApproved',
  'EnrollmentChangeRejected',
  'WelcomeLetterPrinted',
];

export type Trigger = 'register_event' | 'own_request' | 'operator_command' | 'day_change';

/** Why a change is made and by which rules: recorded on every change (August 2023). */
export interface DecisionBasis {
  at: string;
  trigger: Trigger;
  /** The register event, operator command or daily run behind the change. */
  triggerId: string | null;
  ruleVersion: string;
  caseReference: string | null;
}

const basisFields = (b: DecisionBasis) => ({
  caseReference: b.caseReference,
  trigger: b.trigger,
  triggerId: b.triggerId,
  ruleVersion: b.ruleVersion,
});

export const enrolled = (
  s: Subject,
  cause: EnrollCauseCode,
  first: boolean,
  b: DecisionBasis,
): EnrollmentEvent => {
  const common = { mailboxId: mailboxIdOf(s), firstEnrollment: first, enrolledAt: b.at };
  return s.kind === 'cpr'
    ? {
        type: 'CitizenEnrolled',
        schemaVersion: 3,
        data: {
          ...common,
          cpr: s.id,
          cause: cause as CitizenEnrolled['cause'],
          ...basisFields(b),
        },
      }
    : {
        type: 'CompanyEnrolled',
        schemaVersion: 2,
        data: {
          ...common,
          cvr: s.id,
          cause: cause as CompanyEnrolled['cause'],
          ...basisFields(b),
        },
      };
};

export const unenrolled = (
  s: Subject,
  reason: UnenrollReasonCode,
  b: DecisionBasis,
): EnrollmentEvent => {
  const common = { mailboxId: mailboxIdOf(s), unenrolledAt: b.at, ...basisFields(b) };
  return s.kind === 'cpr'
    ? {
        type: 'CitizenUnenrolled',
        schemaVersion: 3,
        data: { ...common, cpr: s.id, reason: reason as CitizenUnenrolled['reason'] },
      }
    : {
        type: 'CompanyUnenrolled',
        schemaVersion: 2,
        data: { ...common, cvr: s.id, reason: reason as CompanyUnenrolled['reason'] },
      };
};

export interface ExemptionTerms {
  exemptionId: string;
  grantedBy: string;
  validUntil: string | null;
}

export const exemptionGranted = (
  s: Subject,
  terms: ExemptionTerms,
  b: DecisionBasis,
): EnrollmentEvent => {
  const common = { ...terms, grantedAt: b.at, ...basisFields(b) };
  return s.kind === 'cpr'
    ? { type: 'ExemptionGranted', schemaVersion: 3, data: { ...common, cpr: s.id } }
    : { type: 'CompanyExemptionGranted', schemaVersion: 2, data: { ...common, cvr: s.id } };
};

export type ExemptionEndReason = ExemptionEnded['reason'];

export const exemptionEnded = (
  s: Subject,
  exemptionId: string,
  reason: ExemptionEndReason,
  b: DecisionBasis,
): EnrollmentEvent => {
  const common = { exemptionId, reason, endedAt: b.at, ...basisFields(b) };
  return s.kind === 'cpr'
    ? { type: 'ExemptionEnded', schemaVersion: 3, data: { ...common, cpr: s.id } }
    : { type: 'CompanyExemptionEnded', schemaVersion: 2, data: { ...common, cvr: s.id } };
};

/** A change the rules asked for: what the breaker counts, holds, and an operator decides on. */
export type ProposedChange =
  | { change: 'enroll'; causeCode: EnrollCauseCode }
  | { change: 'unenroll'; causeCode: UnenrollReasonCode };

export const changeHeld = (
  s: Subject,
  proposed: ProposedChange,
  hold: { pendingId: string; breakerKey: string },
  b: DecisionBasis,
): EnrollmentEvent => ({
  type: 'EnrollmentChangeHeld',
  schemaVersion: 1,
  data: {
    pendingId: hold.pendingId,
    mailboxId: mailboxIdOf(s),
    change: proposed.change,
    causeCode: proposed.causeCode,
    trigger: b.trigger,
    triggerId: b.triggerId,
    ruleVersion: b.ruleVersion,
    caseReference: b.caseReference,
    breakerKey: hold.breakerKey,
    heldAt: b.at,
  },
});
