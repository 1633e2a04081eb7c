import type {
  CitizenEnrolled,
  CitizenUnenrolled,
  CompanyEnrolled,
  CompanyExemptionEnded,
  CompanyExemptionGranted,
  CompanyUnenrolled,
  ExemptionEnded,
  ExemptionGranted,
} from '@digital-post/contracts';

/**
 * Citizens and companies have their own event types (the contracts keep a CVR from ever being
 * read as a CPR); the enrollment rules are the same, so the decider works on these and the
 * types are chosen by the subject's kind.
 */
export type EnrollmentEvent =
  | { type: 'CitizenEnrolled'; schemaVersion: 2; data: CitizenEnrolled }
  | { type: 'CitizenUnenrolled'; schemaVersion: 2; data: CitizenUnenrolled }
  | { type: 'ExemptionGranted'; schemaVersion: 2; data: ExemptionGranted }
  | { type: 'ExemptionEnded'; schemaVersion: 2; data: ExemptionEnded }
  | { type: 'CompanyEnrolled'; schemaVersion: 1; data: CompanyEnrolled }
  | { type: 'CompanyUnenrolled'; schemaVersion: 1; data: CompanyUnenrolled }
  | { type: 'CompanyExemptionGranted'; schemaVersion: 1; data: CompanyExemptionGranted }
  | { type: 'CompanyExemptionEnded'; schemaVersion: 1; data: CompanyExemptionEnded };

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
];

export type Subject = { kind: 'cpr'; id: string } | { kind: 'cvr'; id: string };

export const citizenCauses = [
  'reached_age_15',
  'exemption_ended',
  'moved_to_denmark',
  'correction',
] as const;
export const companyCauses = ['registered', 'exemption_ended', 'correction'] as const;
/** 'exempted' is left out: an exemption is granted, and the unenrollment follows from it. */
export const citizenUnenrollReasons = [
  'deceased',
  'emigrated',
  'moved_to_greenland',
  'correction',
] as const;
export const companyUnenrollReasons = ['ceased', 'correction'] as const;
export const exemptionEndReasons = [
  'withdrawn_by_citizen',
  'expired',
  'revoked_by_authority',
] as const;

export type EnrollCause = (typeof citizenCauses)[number] | (typeof companyCauses)[number];
export type UnenrollReason =
  (typeof citizenUnenrollReasons)[number] | (typeof companyUnenrollReasons)[number] | 'exempted';
export type ExemptionEndReason = (typeof exemptionEndReasons)[number];

export const enrollmentStreamOf = (subject: Subject): string => `enrollment-${subject.id}`;
export const mailboxIdOfSubject = (subject: Subject): string => `${subject.kind}:${subject.id}`;

interface Stamp {
  at: string;
  caseReference: string | null;
}

export const enrolled = (
  s: Subject,
  cause: EnrollCause,
  first: boolean,
  t: Stamp,
): EnrollmentEvent => {
  const common = { mailboxId: mailboxIdOfSubject(s), firstEnrollment: first, enrolledAt: t.at };
  return s.kind === 'cpr'
    ? {
        type: 'CitizenEnrolled',
        schemaVersion: 2,
        data: {
          ...common,
          cpr: s.id,
          cause: cause as CitizenEnrolled['cause'],
          caseReference: t.caseReference,
        },
      }
    : {
        type: 'CompanyEnrolled',
        schemaVersion: 1,
        data: {
          ...common,
          cvr: s.id,
          cause: cause as CompanyEnrolled['cause'],
          caseReference: t.caseReference,
        },
      };
};

export const unenrolled = (s: Subject, reason: UnenrollReason, t: Stamp): EnrollmentEvent => {
  const common = {
    mailboxId: mailboxIdOfSubject(s),
    unenrolledAt: t.at,
    caseReference: t.caseReference,
  };
  return s.kind === 'cpr'
    ? {
        type: 'CitizenUnenrolled',
        schemaVersion: 2,
        data: { ...common, cpr: s.id, reason: reason as CitizenUnenrolled['reason'] },
      }
    : {
        type: 'CompanyUnenrolled',
        schemaVersion: 1,
        data: { ...common, cvr: s.id, reason: reason as CompanyUnenrolled['reason'] },
      };
};

export interface ExemptionTerms {
  exemptionId: string;
  grantedBy: string;
  validUntil: string | null;
}

export const exemptionGranted = (s: Subject, terms: ExemptionTerms, t: Stamp): EnrollmentEvent => {
  const common = { ...terms, grantedAt: t.at, caseReference: t.caseReference };
  return s.kind === 'cpr'
    ? { type: 'ExemptionGranted', schemaVersion: 2, data: { ...common, cpr: s.id } }
    : { type: 'CompanyExemptionGranted', schemaVersion: 1, data: { ...common, cvr: s.id } };
};

export const exemptionEnded = (
  s: Subject,
  exemptionId: string,
  reason: ExemptionEndReason,
  t: Stamp,
): EnrollmentEvent => {
  const common = { exemptionId, reason, endedAt: t.at, caseReference: t.caseReference };
  return s.kind === 'cpr'
    ? { type: 'ExemptionEnded', schemaVersion: 2, data: { ...common, cpr: s.id } }
    : { type: 'CompanyExemptionEnded', schemaVersion: 1, data: { ...common, cvr: s.id } };
};
