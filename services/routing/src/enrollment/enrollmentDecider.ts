import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import {
  citizenCauses,
  citizenUnenrollReasons,
  companyCauses,
  companyUnenrollReasons,
  enrolled,
  exemptionEnded,
  exemptionGranted,
  unenrolled,
  type EnrollCause,
  type EnrollmentEvent,
  type ExemptionEndReason,
  type ExemptionTerms,
  type Subject,
  type UnenrollReason,
} from './enrollmentEvents.ts';

/**
 * The enrollment stand-in (stream `enrollment-<cpr or cvr>`) until the enrollment service
 * exists; it writes the same events that service will. The August 2023 lessons are rules here:
 * the welcome letter's trigger (`firstEnrollment`) is true only when the stream has never held
 * an enrollment, and nothing but an explicit command changes enrollment.
 */

interface Stamped {
  subject: Subject;
  caseReference: string | null;
  at: string;
}

export type EnrollmentCommand =
  | (Stamped & { type: 'Enroll'; cause: EnrollCause })
  | (Stamped & { type: 'Unenroll'; reason: Exclude<UnenrollReason, 'exempted'> })
  | (Stamped & { type: 'GrantExemption' } & ExemptionTerms)
  | (Stamped & { type: 'EndExemption'; reason: ExemptionEndReason });

export interface EnrollmentState {
  enrolled: boolean;
  everEnrolled: boolean;
  /** fritagelse: paper post instead of Digital Post while it lasts. */
  exemption: { exemptionId: string; validUntil: string | null } | null;
}

const refuse = (rule: string, detail: string, status: 409 | 422 = 409): never => {
  throw new DomainRuleError(rule, detail, status);
};

const assertFitsSubject = (command: EnrollmentCommand): void => {
  const value = 'cause' in command ? command.cause : 'reason' in command ? command.reason : null;
  if (value === null || command.type === 'EndExemption') return;
  const allowed: readonly string[] =
    command.type === 'Enroll'
      ? command.subject.kind === 'cpr'
        ? citizenCauses
        : companyCauses
      : command.subject.kind === 'cpr'
        ? citizenUnenrollReasons
        : companyUnenrollReasons;
  if (!allowed.includes(value)) {
    refuse(
      'reason-not-for-subject',
      `"${value}" does not apply to a ${command.subject.kind}.`,
      422,
    );
  }
};

const decide = (command: EnrollmentCommand, state: EnrollmentState): EnrollmentEvent[] => {
  assertFitsSubject(command);
  const { subject } = command;
  switch (command.type) {
    case 'Enroll':
      if (state.enrolled) return refuse('already-enrolled', `${subject.id} is enrolled already.`);
      if (state.exemption) return refuse('exempt', `${subject.id} is exempt; end the exemption.`);
      return [enrolled(subject, command.cause, !state.everEnrolled, command)];
    case 'Unenroll':
      if (!state.enrolled) return refuse('not-enrolled', `${subject.id} is not enrolled.`);
      return [unenrolled(subject, command.reason, command)];
    case 'GrantExemption': {
      if (state.exemption) return refuse('already-exempt', `${subject.id} is exempt already.`);
      const { exemptionId, grantedBy, validUntil } = command;
      const granted = exemptionGranted(subject, { exemptionId, grantedBy, validUntil }, command);
      return state.enrolled ? [granted, unenrolled(subject, 'exempted', command)] : [granted];
    }
    case 'EndExemption': {
      if (!state.exemption) return refuse('not-exempt', `${subject.id} is not exempt.`);
      // Digital Post is mandatory: when the exemption ends, enrollment resumes.
      const ended = exemptionEnded(subject, state.exemption.exemptionId, command.reason, command);
      return [ended, enrolled(subject, 'exemption_ended', !state.everEnrolled, command)];
    }
  }
};

export const evolveEnrollment = (
  state: EnrollmentState,
  event: EnrollmentEvent,
): EnrollmentState => {
  switch (event.type) {
    case 'CitizenEnrolled':
    case 'CompanyEnrolled':
      return { ...state, enrolled: true, everEnrolled: true };
    case 'CitizenUnenrolled':
    case 'CompanyUnenrolled':
      return { ...state, enrolled: false };
    case 'ExemptionGranted':
    case 'CompanyExemptionGranted': {
      const { exemptionId, validUntil } = event.data;
      return { ...state, exemption: { exemptionId, validUntil } };
    }
    case 'ExemptionEnded':
    case 'CompanyExemptionEnded':
      return { ...state, exemption: null };
  }
};

export const enrollmentDecider: Decider<EnrollmentCommand, EnrollmentEvent, EnrollmentState> = {
  initialState: () => ({ enrolled: false, everEnrolled: false, exemption: null }),
  decide,
  evolve: evolveEnrollment,
};

export interface Reachability {
  channel: 'digital' | 'paper';
  reason: 'authority' | 'enrolled' | 'exempt' | 'not_enrolled';
}

/** How post reaches a citizen or company at `at`: exemption first, then enrollment. */
export const reachabilityOf = (state: EnrollmentState, at: string): Reachability => {
  const exemption = state.exemption;
  const exempt =
    exemption !== null &&
    (exemption.validUntil === null || Date.parse(at) < Date.parse(exemption.validUntil));
  if (exempt) return { channel: 'paper', reason: 'exempt' };
  return state.enrolled
    ? { channel: 'digital', reason: 'enrolled' }
    : { channel: 'paper', reason: 'not_enrolled' };
};
