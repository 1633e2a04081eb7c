import { describe, expect, it } from 'vitest';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import type { RegisterFactEvent } from '../registers/registerFacts.ts';
import {
  basis,
  citizen,
  citizenEnrolled,
  citizenUnenrolled,
  cpr,
  exemptionEnded,
  exemptionGranted,
  held,
} from '../testing/enrollmentDeciderFixtures.ts';
import {
  evolveSubjectRow,
  newSubjectRow,
  type SubjectEvent,
  type SubjectRow,
} from './subjectRow.ts';

let ids = 0;
const stored = (event: EnrollmentEvent | RegisterFactEvent): SubjectEvent =>
  ({ id: `event-${++ids}`, ...event }) as SubjectEvent;

const given = (...events: SubjectEvent[]): SubjectRow =>
  events.reduce(evolveSubjectRow, newSubjectRow(citizen));

const registerBase = { cpr, registerEventId: 'r-1', recordedAt: basis.at };
const born: RegisterFactEvent = {
  type: 'PersonBornRegistered',
  data: { ...registerBase, birthDate: '2011-11-22' },
};
const movedToGreenland: RegisterFactEvent = {
  type: 'PersonMovedRegistered',
  data: { ...registerBase, residenceCountry: 'GL', movedOn: '2026-01-05' },
};
const decided = (type: 'EnrollmentChangeApproved' | 'EnrollmentChangeRejected') =>
  ({
    type,
    data: { pendingId: 'p-1', decidedBy: 'operator', decidedAt: basis.at },
  }) as unknown as EnrollmentEvent;

describe('the people read model, folded from both streams of a subject', () => {
  it('given nothing, is an unknown subject without enrollment', () => {
    expect(given()).toEqual({
      subject: citizen,
      facts: {
        known: false,
        birthDate: null,
        residenceCountry: null,
        residentSince: null,
        diedOn: null,
      },
      standing: { enrolled: false, exemption: null },
      everEnrolled: false,
      heldChanges: 0,
      lastChange: null,
    });
  });

  it('when the register reports a birth and a move, holds the facts as the rules read them', () => {
    const row = given(stored(born), stored(movedToGreenland));
    expect(row.facts).toEqual({
      known: true,
      birthDate: '2011-11-22',
      residenceCountry: 'GL',
      residentSince: '2026-01-05',
      diedOn: null,
    });
    expect(row.lastChange).toBeNull();
  });

  it('when enrolled and then unenrolled, names the unenrollment as the last change', () => {
    const enrolledEvent = stored(citizenEnrolled('reached_age_15', true));
    const unenrolledEvent = stored(citizenUnenrolled('moved_to_greenland'));
    const row = given(stored(born), enrolledEvent, unenrolledEvent);
    expect(row.standing.enrolled).toBe(false);
    expect(row.everEnrolled).toBe(true);
    expect(row.lastChange).toEqual({
      eventId: unenrolledEvent.id,
      type: 'CitizenUnenrolled',
      at: basis.at,
      ruleVersion: basis.ruleVersion,
      trigger: 'register_event',
    });
  });

  it('when exempted until a date, and the exemption ends, carries then drops it', () => {
    const exempted = given(stored(exemptionGranted('2027-01-01T00:00:00.000Z')));
    expect(exempted.standing.exemption).toEqual({
      exemptionId: 'ex-1',
      validUntil: '2027-01-01T00:00:00.000Z',
    });
    expect(evolveSubjectRow(exempted, stored(exemptionEnded)).standing.exemption).toBeNull();
  });

  it('counts held changes until an operator decides, which is not a change of its own', () => {
    const enrolledEvent = stored(citizenEnrolled('reached_age_15', true));
    const holding = given(enrolledEvent, stored(held('p-1', 'unenroll', 'deceased')));
    expect(holding.heldChanges).toBe(1);
    for (const decision of ['EnrollmentChangeApproved', 'EnrollmentChangeRejected'] as const) {
      const after = evolveSubjectRow(holding, stored(decided(decision)));
      expect(after.heldChanges).toBe(0);
      expect(after.lastChange?.eventId).toBe(enrolledEvent.id);
    }
  });

  it('is unchanged by a welcome letter', () => {
    const row = given(stored(citizenEnrolled('reached_age_15', true)));
    const letter = {
      type: 'WelcomeLetterPrinted',
      data: { printedAt: basis.at },
    } as unknown as EnrollmentEvent;
    expect(evolveSubjectRow(row, stored(letter))).toBe(row);
  });
});
