import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@digital-post/service-kit/testing';
import {
  enrollmentDecider,
  reachabilityOf,
  type EnrollmentCommand,
  type EnrollmentState,
} from './enrollmentDecider.ts';
import {
  enrolled,
  exemptionEnded,
  exemptionGranted,
  unenrolled,
  type Subject,
} from './enrollmentEvents.ts';

const citizen: Subject = { kind: 'cpr', id: '0101901234' };
const company: Subject = { kind: 'cvr', id: '12345678' };
const stamp = { at: '2024-03-01T10:00:00.000Z', caseReference: 'J-2024-17' };
const spec = deciderSpec(enrollmentDecider);
const terms = { exemptionId: 'ex-1', grantedBy: 'kommune-101', validUntil: null };

type Unstamped<C> = C extends EnrollmentCommand ? Omit<C, 'at' | 'caseReference'> : never;
const command = (c: Unstamped<EnrollmentCommand>) => ({ ...stamp, ...c }) as EnrollmentCommand;

const refusedFor = (rule: string) => (error: unknown) => expect(error).toMatchObject({ rule });

describe('enrollment', () => {
  it('enrolls a citizen the first time with the welcome letter flag', () => {
    const enroll = command({ type: 'Enroll', subject: citizen, cause: 'reached_age_15' });
    spec
      .given([])
      .when(enroll)
      .then([enrolled(citizen, 'reached_age_15', true, stamp)]);
  });

  it('never flags a re-enrollment as the first (no second welcome letter)', () => {
    const history = [
      enrolled(citizen, 'reached_age_15', true, stamp),
      unenrolled(citizen, 'correction', stamp),
    ];
    const enroll = command({ type: 'Enroll', subject: citizen, cause: 'correction' });
    spec
      .given(history)
      .when(enroll)
      .then([enrolled(citizen, 'correction', false, stamp)]);
  });

  it('refuses to enroll twice or to unenroll someone not enrolled', () => {
    const enroll = command({ type: 'Enroll', subject: company, cause: 'registered' });
    spec
      .given([enrolled(company, 'registered', true, stamp)])
      .when(enroll)
      .thenThrows(refusedFor('already-enrolled'));
    const unenroll = command({ type: 'Unenroll', subject: company, reason: 'ceased' });
    spec.given([]).when(unenroll).thenThrows(refusedFor('not-enrolled'));
  });

  it('refuses a cause or reason that belongs to the other kind of subject', () => {
    const enroll = command({ type: 'Enroll', subject: company, cause: 'reached_age_15' });
    spec.given([]).when(enroll).thenThrows(refusedFor('reason-not-for-subject'));
  });

  it('unenrolls when an exemption is granted, and enrolls again when it ends', () => {
    const history = [enrolled(citizen, 'reached_age_15', true, stamp)];
    const grant = command({ type: 'GrantExemption', subject: citizen, ...terms });
    spec
      .given(history)
      .when(grant)
      .then([exemptionGranted(citizen, terms, stamp), unenrolled(citizen, 'exempted', stamp)]);
    const exempt = [
      ...history,
      exemptionGranted(citizen, terms, stamp),
      unenrolled(citizen, 'exempted', stamp),
    ];
    const end = command({ type: 'EndExemption', subject: citizen, reason: 'withdrawn_by_citizen' });
    spec
      .given(exempt)
      .when(end)
      .then([
        exemptionEnded(citizen, 'ex-1', 'withdrawn_by_citizen', stamp),
        enrolled(citizen, 'exemption_ended', false, stamp),
      ]);
  });

  it('exempts a company with company events', () => {
    const grant = command({ type: 'GrantExemption', subject: company, ...terms });
    spec
      .given([])
      .when(grant)
      .then([exemptionGranted(company, terms, stamp)]);
    expect(exemptionGranted(company, terms, stamp).type).toBe('CompanyExemptionGranted');
  });

  it('refuses a second exemption, and ending one that does not exist', () => {
    const grant = command({ type: 'GrantExemption', subject: citizen, ...terms });
    spec
      .given([exemptionGranted(citizen, terms, stamp)])
      .when(grant)
      .thenThrows(refusedFor('already-exempt'));
    const end = command({ type: 'EndExemption', subject: citizen, reason: 'expired' });
    spec.given([]).when(end).thenThrows(refusedFor('not-exempt'));
  });
});

describe('reachability', () => {
  const state = (overrides: Partial<EnrollmentState>): EnrollmentState => ({
    enrolled: false,
    everEnrolled: false,
    exemption: null,
    ...overrides,
  });
  const at = '2024-03-01T10:00:00.000Z';

  it('is digital when enrolled, paper when exempt or not enrolled', () => {
    expect(reachabilityOf(state({ enrolled: true }), at)).toEqual({
      channel: 'digital',
      reason: 'enrolled',
    });
    expect(reachabilityOf(state({}), at)).toEqual({ channel: 'paper', reason: 'not_enrolled' });
    const exemption = { exemptionId: 'e', validUntil: null };
    expect(reachabilityOf(state({ exemption }), at)).toEqual({
      channel: 'paper',
      reason: 'exempt',
    });
  });

  it('stops counting an exemption after its end date', () => {
    const exemption = { exemptionId: 'e', validUntil: '2024-01-01T00:00:00.000Z' };
    expect(reachabilityOf(state({ exemption, enrolled: true }), at).reason).toBe('enrolled');
  });
});
