import { deciderSpec } from '@digital-post/service-kit/testing';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../rules/rules.ts';
import { enrollmentDecider } from './enrollmentDecider.ts';
import type { EnrollmentEvent } from './enrollmentEvents.ts';
import {
  abroad,
  applyVerdict,
  basis,
  citizenEnrolled,
  citizen,
  citizenUnenrolled,
  company,
  deceased,
  enrolledOnce,
  exemptionEnded,
  exemptionGranted,
  greenland,
  held,
  hold,
  mailboxId,
  movedHere,
  reachedAge,
  recorded,
} from '../testing/enrollmentDeciderFixtures.ts';

const spec = deciderSpec(enrollmentDecider);
const refused = (rule: string) => (error: unknown) => expect(error).toMatchObject({ rule });

describe('applying the verdict of the rules', () => {
  it('enrolls the first time with firstEnrollment, the welcome letter trigger', () => {
    spec.given([]).when(applyVerdict(reachedAge)).then([enrolledOnce]);
  });

  it('never sets firstEnrollment again: re-enrolled after moving back from Greenland', () => {
    spec
      .given([enrolledOnce, citizenUnenrolled('moved_to_greenland')])
      .when(applyVerdict(movedHere))
      .then([citizenEnrolled('moved_to_denmark', false)]);
  });

  it('never sets firstEnrollment again: re-enrolled after an exemption ended', () => {
    spec
      .given([enrolledOnce, exemptionGranted(), citizenUnenrolled('exempted'), exemptionEnded])
      .when(applyVerdict(reachedAge))
      .then([citizenEnrolled('reached_age_15', false)]);
  });

  it('never enrolls an exempt person, and changes nothing already right', () => {
    spec.given([exemptionGranted()]).when(applyVerdict(reachedAge)).then([]);
    spec.given([enrolledOnce, exemptionGranted()]).when(applyVerdict(reachedAge)).then([]);
    spec.given([enrolledOnce]).when(applyVerdict(movedHere)).then([]);
    spec.given([]).when(applyVerdict(deceased)).then([]);
  });

  it('unenrolls the deceased and Greenland residents', () => {
    spec
      .given([enrolledOnce])
      .when(applyVerdict(deceased))
      .then([citizenUnenrolled('deceased')]);
    spec
      .given([enrolledOnce])
      .when(applyVerdict(greenland))
      .then([citizenUnenrolled('moved_to_greenland')]);
  });

  it('leaves alone who lives abroad, and never unenrolls for being under 15', () => {
    spec.given([enrolledOnce]).when(applyVerdict(abroad)).then([]);
    spec.given([]).when(applyVerdict(abroad)).then([]);
    const under15: Verdict = { should: 'not_enrolled', reason: 'under_15' };
    spec.given([enrolledOnce]).when(applyVerdict(under15)).then([]);
  });

  it('enrolls and unenrolls companies with their own event types', () => {
    const registeredVerdict: Verdict = { should: 'enrolled', cause: 'registered' };
    const companyEnrolled: EnrollmentEvent = {
      type: 'CompanyEnrolled',
      schemaVersion: 2,
      data: {
        mailboxId: 'cvr:12345678',
        firstEnrollment: true,
        enrolledAt: basis.at,
        cvr: '12345678',
        cause: 'registered',
        ...recorded,
      },
    };
    spec
      .given([])
      .when(applyVerdict(registeredVerdict, null, company))
      .then([companyEnrolled]);
    const ceased: Verdict = { should: 'not_enrolled', reason: 'ceased' };
    spec
      .given([companyEnrolled])
      .when(applyVerdict(ceased, null, company))
      .then([
        {
          type: 'CompanyUnenrolled',
          schemaVersion: 2,
          data: {
            mailboxId: 'cvr:12345678',
            unenrolledAt: basis.at,
            ...recorded,
            cvr: '12345678',
            reason: 'ceased',
          },
        },
      ]);
  });
});

describe('changes the mass-change breaker holds', () => {
  it('holds instead of changing when given a hold', () => {
    spec
      .given([enrolledOnce])
      .when(applyVerdict(deceased, hold('p-1', 'unenroll')))
      .then([held('p-1', 'unenroll', 'deceased')]);
    spec
      .given([])
      .when(applyVerdict(reachedAge, hold('p-1', 'enroll')))
      .then([held('p-1', 'enroll', 'reached_age_15')]);
  });

  it('does not hold the same change twice', () => {
    spec
      .given([enrolledOnce, held('p-1', 'unenroll', 'deceased')])
      .when(applyVerdict(deceased, hold('p-2', 'unenroll')))
      .then([]);
  });

  it('makes a change the breaker lets through even while one like it is held', () => {
    // A faulty rule's unenrollment waits for an operator; a real death must not wait with it.
    const faulty = { ruleVersion: 'faulty/1' };
    spec
      .given([enrolledOnce, held('p-1', 'unenroll', 'deceased', faulty)])
      .when(applyVerdict(deceased))
      .then([citizenUnenrolled('deceased')]);
  });
});

describe("an operator's decision on a held change", () => {
  const faultyDeath = held('p-1', 'unenroll', 'deceased', {
    trigger: 'register_event',
    triggerId: 'register-event-99',
    ruleVersion: 'faulty/1',
  });
  const decide = (decision: 'approve' | 'reject', verdict: Verdict, pendingId = 'p-1') =>
    ({
      type: 'DecideHeldChange',
      subject: citizen,
      pendingId,
      decision,
      decidedBy: 'operator-7',
      verdict,
      basis: {
        ...basis,
        trigger: 'operator_command',
        triggerId: pendingId,
        caseReference: 'case-42',
      },
    }) as const;
  const decision = (type: 'EnrollmentChangeApproved' | 'EnrollmentChangeRejected') =>
    ({
      type,
      schemaVersion: 1,
      data: {
        pendingId: 'p-1',
        mailboxId,
        decidedBy: 'operator-7',
        caseReference: 'case-42',
        decidedAt: basis.at,
      },
    }) as EnrollmentEvent;

  it('on approval makes the held change with its own cause, trigger and rule version', () => {
    spec
      .given([enrolledOnce, faultyDeath])
      .when(decide('approve', deceased))
      .then([
        decision('EnrollmentChangeApproved'),
        citizenUnenrolled('deceased', {
          trigger: 'register_event',
          triggerId: 'register-event-99',
          ruleVersion: 'faulty/1',
          caseReference: 'case-42',
        }),
      ]);
  });

  it('approves a held first enrollment as a first enrollment', () => {
    spec
      .given([held('p-1', 'enroll', 'reached_age_15')])
      .when(decide('approve', reachedAge))
      .then([
        decision('EnrollmentChangeApproved'),
        citizenEnrolled('reached_age_15', true, { caseReference: 'case-42' }),
      ]);
  });

  it('on approval makes only the approval when the change no longer applies', () => {
    // Unenrolled meanwhile by another change.
    spec
      .given([enrolledOnce, faultyDeath, citizenUnenrolled('moved_to_greenland')])
      .when(decide('approve', greenland))
      .then([decision('EnrollmentChangeApproved')]);
    // The rules in force say the opposite: the faulty rule's unenrollment is not made.
    spec
      .given([enrolledOnce, faultyDeath])
      .when(decide('approve', reachedAge))
      .then([decision('EnrollmentChangeApproved')]);
    // A held enrollment of someone who has since moved to Greenland.
    spec
      .given([held('p-1', 'enroll', 'reached_age_15')])
      .when(decide('approve', greenland))
      .then([decision('EnrollmentChangeApproved')]);
    // Exempted meanwhile.
    spec
      .given([held('p-1', 'enroll', 'reached_age_15'), exemptionGranted()])
      .when(decide('approve', reachedAge))
      .then([decision('EnrollmentChangeApproved')]);
  });

  it('on rejection changes nothing, and a decided change cannot be decided again', () => {
    spec
      .given([enrolledOnce, faultyDeath])
      .when(decide('reject', deceased))
      .then([decision('EnrollmentChangeRejected')]);
    spec
      .given([enrolledOnce, faultyDeath, decision('EnrollmentChangeRejected')])
      .when(decide('approve', deceased))
      .thenThrows(refused('no-such-held-change'));
    spec
      .given([enrolledOnce])
      .when(decide('reject', deceased, 'p-x'))
      .thenThrows(refused('no-such-held-change'));
  });

  it('holds a change again after the earlier one was decided', () => {
    spec
      .given([enrolledOnce, faultyDeath, decision('EnrollmentChangeRejected')])
      .when(applyVerdict(deceased, hold('p-2', 'unenroll')))
      .then([held('p-2', 'unenroll', 'deceased')]);
  });
});
