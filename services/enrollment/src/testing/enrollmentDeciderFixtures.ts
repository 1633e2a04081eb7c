import type { Verdict } from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';
import type { Hold } from '../enrollment/enrollmentDecider.ts';
import type { DecisionBasis, EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';

/**
 * One citizen's enrollment events written out literally, for the decider's tests: the tests do
 * not build their expectations with the code they test.
 */
export const cpr = '2211110001';
export const citizen: Subject = { kind: 'cpr', id: cpr };
export const company: Subject = { kind: 'cvr', id: '12345678' };
export const mailboxId = `cpr:${cpr}`;

export const basis: DecisionBasis = {
  at: '2026-11-22T10:00:00.000Z',
  trigger: 'register_event',
  triggerId: 'register-event-7',
  ruleVersion: 'enrollment-rules/2026.1',
  caseReference: null,
};
export const recorded = {
  trigger: basis.trigger,
  triggerId: basis.triggerId,
  ruleVersion: basis.ruleVersion,
  caseReference: basis.caseReference,
};

export const reachedAge: Verdict = { should: 'enrolled', cause: 'reached_age_15' };
export const movedHere: Verdict = { should: 'enrolled', cause: 'moved_to_denmark' };
export const deceased: Verdict = { should: 'not_enrolled', reason: 'deceased' };
export const greenland: Verdict = { should: 'not_enrolled', reason: 'moved_to_greenland' };
export const abroad: Verdict = { should: 'either', reason: 'abroad' };

export const applyVerdict = (
  verdict: Verdict,
  hold: Hold | null = null,
  subject: Subject = citizen,
) => ({ type: 'ApplyVerdict', subject, basis, verdict, hold }) as const;

export const citizenEnrolled = (
  cause: string,
  firstEnrollment: boolean,
  b: Partial<typeof recorded> = {},
): EnrollmentEvent =>
  ({
    type: 'CitizenEnrolled',
    schemaVersion: 3,
    data: { mailboxId, firstEnrollment, enrolledAt: basis.at, cpr, cause, ...recorded, ...b },
  }) as EnrollmentEvent;

export const citizenUnenrolled = (
  reason: string,
  b: Partial<typeof recorded> = {},
): EnrollmentEvent =>
  ({
    type: 'CitizenUnenrolled',
    schemaVersion: 3,
    data: { mailboxId, unenrolledAt: basis.at, ...recorded, ...b, cpr, reason },
  }) as EnrollmentEvent;

export const exemptionGranted = (validUntil: string | null = null): EnrollmentEvent => ({
  type: 'ExemptionGranted',
  schemaVersion: 3,
  data: {
    exemptionId: 'ex-1',
    grantedBy: 'kommune-101',
    validUntil,
    grantedAt: basis.at,
    ...recorded,
    cpr,
  },
});

export const exemptionEnded: EnrollmentEvent = {
  type: 'ExemptionEnded',
  schemaVersion: 3,
  data: {
    exemptionId: 'ex-1',
    reason: 'withdrawn_by_citizen',
    endedAt: basis.at,
    ...recorded,
    cpr,
  },
};

export const held = (
  pendingId: string,
  change: 'enroll' | 'unenroll',
  causeCode: string,
  b: Partial<typeof recorded> = {},
): EnrollmentEvent => ({
  type: 'EnrollmentChangeHeld',
  schemaVersion: 1,
  data: {
    pendingId,
    mailboxId,
    change,
    causeCode,
    ...recorded,
    ...b,
    breakerKey: 'rule:enrollment-rules/2026.1:' + change,
    heldAt: basis.at,
  } as Extract<EnrollmentEvent, { type: 'EnrollmentChangeHeld' }>['data'],
});

export const enrolledOnce = citizenEnrolled('reached_age_15', true);

export const hold = (pendingId: string, change: 'enroll' | 'unenroll'): Hold => ({
  pendingId,
  breakerKey: `rule:enrollment-rules/2026.1:${change}`,
});
