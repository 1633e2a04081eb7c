import { deciderSpec } from '@digital-post/service-kit/testing';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../rules/rules.ts';
import { enrollmentDecider, type EnrollmentCommand } from './enrollmentDecider.ts';
import type { EnrollmentEvent } from './enrollmentEvents.ts';
import {
  applyVerdict,
  basis,
  citizen,
  citizenEnrolled,
  citizenUnenrolled,
  deceased,
  enrolledOnce,
  exemptionEnded,
  exemptionGranted,
  greenland,
  hold,
  reachedAge,
  recorded,
} from '../testing/enrollmentDeciderFixtures.ts';

/** The decider's tests of exemptions (fritagelse) and of remediation's re-enrollment. */
const spec = deciderSpec(enrollmentDecider);
const refused = (rule: string) => (error: unknown) => expect(error).toMatchObject({ rule });
const operator = { ...basis, trigger: 'operator_command' as const, caseReference: 'case-42' };
const byOperator = { trigger: 'operator_command', caseReference: 'case-42' } as const;

const reenroll = (verdict: Verdict = reachedAge, withHold = false) =>
  ({
    type: 'Reenroll',
    subject: citizen,
    basis: operator,
    verdict,
    hold: withHold ? hold('p-9', 'enroll') : null,
  }) as const;

const grant: EnrollmentCommand = {
  type: 'GrantExemption',
  subject: citizen,
  basis,
  terms: { exemptionId: 'ex-1', grantedBy: 'kommune-101', validUntil: null },
};
const end = (verdict: Verdict): EnrollmentCommand => ({
  type: 'EndExemption',
  subject: citizen,
  basis,
  reason: 'withdrawn_by_citizen',
  verdict,
});

describe('re-enrollment by remediation', () => {
  const endedInError = [enrolledOnce, citizenUnenrolled('moved_to_greenland')];

  it('re-enrolls with cause correction and never as a first enrollment', () => {
    spec
      .given(endedInError)
      .when(reenroll())
      .then([citizenEnrolled('correction', false, byOperator)]);
  });

  it('is held like any other change when the breaker has tripped', () => {
    const [heldEvent] = enrollmentDecider.decide(
      reenroll(reachedAge, true),
      endedInError.reduce(enrollmentDecider.evolve, enrollmentDecider.initialState()),
    );
    expect(heldEvent).toMatchObject({
      type: 'EnrollmentChangeHeld',
      data: { pendingId: 'p-9', change: 'enroll', causeCode: 'correction', ...byOperator },
    });
  });

  it('refuses the enrolled, the exempt and the never enrolled', () => {
    spec.given([enrolledOnce]).when(reenroll()).thenThrows(refused('already-enrolled'));
    spec
      .given([enrolledOnce, exemptionGranted(), citizenUnenrolled('exempted')])
      .when(reenroll())
      .thenThrows(refused('exempt'));
    // A first enrollment is the welcome letter's: remediation never makes one.
    spec.given([]).when(reenroll()).thenThrows(refused('never-enrolled'));
  });

  it('refuses what the rules forbid: the dead, Greenland residents', () => {
    spec.given(endedInError).when(reenroll(deceased)).thenThrows(refused('rules-say-not-enrolled'));
    spec
      .given(endedInError)
      .when(reenroll(greenland))
      .thenThrows(refused('rules-say-not-enrolled'));
  });
});

describe('exemptions', () => {
  it('unenrolls with reason exempted when granted to someone enrolled', () => {
    spec
      .given([enrolledOnce])
      .when(grant)
      .then([exemptionGranted(), citizenUnenrolled('exempted')]);
    spec.given([]).when(grant).then([exemptionGranted()]);
    spec.given([exemptionGranted()]).when(grant).thenThrows(refused('already-exempt'));
  });

  it('re-enrolls when it ends only if the rules say enrolled, never as a first enrollment', () => {
    const exempted = [enrolledOnce, exemptionGranted(), citizenUnenrolled('exempted')];
    spec
      .given(exempted)
      .when(end(reachedAge))
      .then([exemptionEnded, citizenEnrolled('exemption_ended', false)]);
    // Moved to Greenland while exempt: no enrollment.
    spec.given(exempted).when(end(greenland)).then([exemptionEnded]);
    spec
      .given(exempted)
      .when(end({ should: 'either', reason: 'abroad' }))
      .then([exemptionEnded]);
    spec.given([enrolledOnce]).when(end(reachedAge)).thenThrows(refused('not-exempt'));
  });

  it('sends the welcome letter when an exemption held since before 15 ends', () => {
    spec
      .given([exemptionGranted()])
      .when(end(reachedAge))
      .then([exemptionEnded, citizenEnrolled('exemption_ended', true)]);
  });
});

describe('the basis of every change', () => {
  it('records trigger, triggerId, rule version and case reference on every event', () => {
    const commands: Array<[EnrollmentEvent[], EnrollmentCommand]> = [
      [[], applyVerdict(reachedAge)],
      [[enrolledOnce], applyVerdict(deceased)],
      [[], applyVerdict(reachedAge, hold('p-1', 'enroll'))],
      [[enrolledOnce], grant],
      [[enrolledOnce, exemptionGranted(), citizenUnenrolled('exempted')], end(reachedAge)],
      [
        [enrolledOnce, citizenUnenrolled('deceased')],
        reenroll({ should: 'either', reason: 'abroad' }),
      ],
    ];
    const events = commands.flatMap(([history, command]) =>
      enrollmentDecider.decide(
        command,
        history.reduce(enrollmentDecider.evolve, enrollmentDecider.initialState()),
      ),
    );
    expect(events).toHaveLength(8);
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const expected =
        data.trigger === 'operator_command' ? { ...recorded, ...byOperator } : recorded;
      expect({
        trigger: data.trigger,
        triggerId: data.triggerId,
        ruleVersion: data.ruleVersion,
        caseReference: data.caseReference,
      }).toEqual(expected);
    }
  });
});
