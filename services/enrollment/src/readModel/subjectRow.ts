import { evolveStanding, type Standing } from '@digital-post/contracts';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import {
  evolveFacts,
  registerFactEventTypes,
  type RegisterFactEvent,
} from '../registers/registerFacts.ts';
import { noCompanyFacts, noPersonFacts, type Facts } from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';
import { basisOf, changeOf } from './changes.ts';

/** The change the audit names as what made a subject's enrollment what it is. */
export interface LastChange {
  eventId: string;
  type: string;
  at: string;
  ruleVersion: string | null;
  trigger: string;
}

/**
 * One row of `enrollment.people`: a citizen's or company's register facts and the enrollment
 * they led to, folded from both of its streams with the folds their deciders use.
 */
export interface SubjectRow {
  subject: Subject;
  facts: Facts;
  standing: Standing;
  everEnrolled: boolean;
  heldChanges: number;
  lastChange: LastChange | null;
}

/** An event of either stream, with the id the row points to. */
export type SubjectEvent = { id: string } & (RegisterFactEvent | EnrollmentEvent);

export const newSubjectRow = (subject: Subject): SubjectRow => ({
  subject,
  facts: subject.kind === 'cpr' ? noPersonFacts() : noCompanyFacts(),
  standing: { enrolled: false, exemption: null },
  everEnrolled: false,
  heldChanges: 0,
  lastChange: null,
});

export const isRegisterFact = (event: SubjectEvent): event is { id: string } & RegisterFactEvent =>
  (registerFactEventTypes as string[]).includes(event.type);

export const evolveSubjectRow = (row: SubjectRow, event: SubjectEvent): SubjectRow => {
  if (isRegisterFact(event)) return { ...row, facts: evolveFacts(row.facts, event) };
  const change = changeOf(event);
  switch (change) {
    case null:
      return row;
    case 'held':
      return { ...row, heldChanges: row.heldChanges + 1 };
    case 'approved':
    case 'rejected':
      // A decision on a held change is not a change of its own: the change it approves is.
      return { ...row, heldChanges: Math.max(0, row.heldChanges - 1) };
    default: {
      const basis = basisOf(event);
      return {
        ...row,
        standing: evolveStanding(row.standing, event),
        everEnrolled: row.everEnrolled || change === 'enrolled',
        lastChange: {
          eventId: event.id,
          type: event.type,
          at: basis.at,
          ruleVersion: basis.ruleVersion,
          trigger: basis.trigger,
        },
      };
    }
  }
};
