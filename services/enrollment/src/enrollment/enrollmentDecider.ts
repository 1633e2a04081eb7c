import { evolveStanding, type EnrollmentChangeHeld, type Standing } from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import { unenrollReasonOf, type Verdict } from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';
import {
  changeHeld,
  enrolled,
  exemptionEnded,
  exemptionGranted,
  unenrolled,
  type DecisionBasis,
  type EnrollmentEvent,
  type ExemptionEndReason,
  type ExemptionTerms,
  type ProposedChange,
} from './enrollmentEvents.ts';

/**
 * The enrollment of one citizen or company (stream `enrollment-<cpr or cvr>`). The August 2023
 * lessons are rules here: the welcome letter's trigger (`firstEnrollment`) is true only when the
 * stream has never held an enrollment; nothing but the register facts (through the rules), an
 * exemption or an operator's command changes enrollment; and a change the mass-change breaker
 * holds waits for an operator instead of happening.
 */

export interface Hold {
  pendingId: string;
  breakerKey: string;
}

interface About {
  subject: Subject;
  basis: DecisionBasis;
}

export type EnrollmentCommand =
  /** Bring enrollment in line with what the rules say; `hold` when the breaker has tripped. */
  | (About & { type: 'ApplyVerdict'; verdict: Verdict; hold: Hold | null })
  /**
   * Remediation: restore an enrollment ended in error, without a welcome letter; never against
   * the rules (`verdict`): a correction must not enrol the dead or Greenland residents.
   */
  | (About & { type: 'Reenroll'; verdict: Verdict; hold: Hold | null })
  | (About & { type: 'GrantExemption'; terms: ExemptionTerms })
  | (About & { type: 'EndExemption'; reason: ExemptionEndReason; verdict: Verdict })
  | (About & {
      type: 'DecideHeldChange';
      pendingId: string;
      decision: 'approve' | 'reject';
      decidedBy: string;
      /** What the rules say now: an approved change is made only if they still call for it. */
      verdict: Verdict;
    });

/** Enrolled and exempt are the published standing, folded by the rule routing folds them with. */
export interface EnrollmentState extends Standing {
  everEnrolled: boolean;
  /** Changes the breaker held, by pending id, until an operator decides on them. */
  held: Record<string, EnrollmentChangeHeld>;
}

const refuse = (rule: string, detail: string, status: 409 | 422 = 409): never => {
  throw new DomainRuleError(rule, detail, status);
};

const isHeldAlready = (state: EnrollmentState, proposed: ProposedChange): boolean =>
  Object.values(state.held).some((held) => held.change === proposed.change);

/**
 * The change that brings `state` in line with `verdict`, if any. A change of the same kind held
 * for an operator does not stop it: if the breaker lets this one through (another cause, another
 * rule version), it is made; a death is not swallowed by a faulty rule's held unenrollment.
 */
export const changeFor = (state: EnrollmentState, verdict: Verdict): ProposedChange | null => {
  if (verdict.should === 'enrolled' && !state.enrolled && state.exemption === null) {
    return { change: 'enroll', causeCode: verdict.cause };
  }
  if (verdict.should === 'not_enrolled' && state.enrolled) {
    const reason = unenrollReasonOf(verdict.reason);
    return reason ? { change: 'unenroll', causeCode: reason } : null;
  }
  return null;
};

const make = (
  subject: Subject,
  state: EnrollmentState,
  proposed: ProposedChange,
  basis: DecisionBasis,
): EnrollmentEvent =>
  proposed.change === 'enroll'
    ? enrolled(subject, proposed.causeCode, !state.everEnrolled, basis)
    : unenrolled(subject, proposed.causeCode, basis);

const makeOrHold = (
  command: About & { hold: Hold | null },
  state: EnrollmentState,
  proposed: ProposedChange,
): EnrollmentEvent[] => {
  if (!command.hold) return [make(command.subject, state, proposed, command.basis)];
  // One change waiting for an operator is enough: a tripped breaker does not pile them up.
  if (isHeldAlready(state, proposed)) return [];
  return [changeHeld(command.subject, proposed, command.hold, command.basis)];
};

const reenroll = (
  command: Extract<EnrollmentCommand, { type: 'Reenroll' }>,
  state: EnrollmentState,
): EnrollmentEvent[] => {
  const { id } = command.subject;
  if (state.enrolled) return refuse('already-enrolled', `${id} is enrolled.`);
  if (state.exemption) return refuse('exempt', `${id} is exempt; the exemption stands.`);
  // A first enrollment sends the welcome letter; remediation only restores what was there.
  if (!state.everEnrolled) return refuse('never-enrolled', `${id} was never enrolled.`);
  if (command.verdict.should === 'not_enrolled') {
    return refuse('rules-say-not-enrolled', `The rules keep ${id} out: ${command.verdict.reason}.`);
  }
  return makeOrHold(command, state, { change: 'enroll', causeCode: 'correction' });
};

const decideHeld = (
  command: Extract<EnrollmentCommand, { type: 'DecideHeldChange' }>,
  state: EnrollmentState,
): EnrollmentEvent[] => {
  const held = state.held[command.pendingId];
  if (!held) return refuse('no-such-held-change', `No open held change ${command.pendingId}.`);
  const data = {
    pendingId: command.pendingId,
    mailboxId: held.mailboxId,
    decidedBy: command.decidedBy,
    caseReference: command.basis.caseReference,
    decidedAt: command.basis.at,
  };
  if (command.decision === 'reject') {
    return [{ type: 'EnrollmentChangeRejected', schemaVersion: 1, data }];
  }
  const approved: EnrollmentEvent = { type: 'EnrollmentChangeApproved', schemaVersion: 1, data };
  // What was held is made as it was proposed, with its own cause, trigger and rule version,
  // unless the state moved on meanwhile or the rules no longer call for it (a held enrollment
  // of someone who has since moved to Greenland, a held unenrollment the rules now refuse).
  const { verdict } = command;
  const stillApplies =
    held.change === 'enroll'
      ? !state.enrolled && !state.exemption && verdict.should !== 'not_enrolled'
      : state.enrolled && verdict.should !== 'enrolled';
  if (!stillApplies) return [approved];
  const basis: DecisionBasis = {
    at: command.basis.at,
    trigger: held.trigger,
    triggerId: held.triggerId,
    ruleVersion: held.ruleVersion,
    caseReference: command.basis.caseReference ?? held.caseReference,
  };
  const proposed = { change: held.change, causeCode: held.causeCode } as ProposedChange;
  return [approved, make(command.subject, state, proposed, basis)];
};

const decide = (command: EnrollmentCommand, state: EnrollmentState): EnrollmentEvent[] => {
  const { subject, basis } = command;
  switch (command.type) {
    case 'ApplyVerdict': {
      const proposed = changeFor(state, command.verdict);
      return proposed ? makeOrHold(command, state, proposed) : [];
    }
    case 'Reenroll':
      return reenroll(command, state);
    case 'GrantExemption': {
      if (state.exemption) return refuse('already-exempt', `${subject.id} is exempt already.`);
      const granted = exemptionGranted(subject, command.terms, basis);
      return state.enrolled ? [granted, unenrolled(subject, 'exempted', basis)] : [granted];
    }
    case 'EndExemption': {
      if (!state.exemption) return refuse('not-exempt', `${subject.id} is not exempt.`);
      const ended = exemptionEnded(subject, state.exemption.exemptionId, command.reason, basis);
      // Digital Post is mandatory: enrollment resumes if the rules say so (not in Greenland).
      const resumes = command.verdict.should === 'enrolled';
      return resumes
        ? [ended, enrolled(subject, 'exemption_ended', !state.everEnrolled, basis)]
        : [ended];
    }
    case 'DecideHeldChange':
      return decideHeld(command, state);
  }
};

const withoutHeld = (state: EnrollmentState, pendingId: string): EnrollmentState => {
  const { [pendingId]: _decided, ...held } = state.held;
  return { ...state, held };
};

export const evolveEnrollment = (
  state: EnrollmentState,
  event: EnrollmentEvent,
): EnrollmentState => {
  switch (event.type) {
    case 'CitizenEnrolled':
    case 'CompanyEnrolled':
      return { ...evolveStanding(state, event), everEnrolled: true };
    case 'CitizenUnenrolled':
    case 'CompanyUnenrolled':
    case 'ExemptionGranted':
    case 'CompanyExemptionGranted':
    case 'ExemptionEnded':
    case 'CompanyExemptionEnded':
      return evolveStanding(state, event);
    case 'EnrollmentChangeHeld':
      return { ...state, held: { ...state.held, [event.data.pendingId]: event.data } };
    case 'EnrollmentChangeApproved':
    case 'EnrollmentChangeRejected':
      return withoutHeld(state, event.data.pendingId);
    case 'WelcomeLetterPrinted':
      return state;
  }
};

export const initialEnrollmentState = (): EnrollmentState => ({
  enrolled: false,
  everEnrolled: false,
  exemption: null,
  held: {},
});

export const enrollmentDecider: Decider<EnrollmentCommand, EnrollmentEvent, EnrollmentState> = {
  initialState: initialEnrollmentState,
  decide,
  evolve: evolveEnrollment,
};
