import { randomUUID } from 'node:crypto';
import type { EventStore, SqlExecutor } from '@digital-post/event-store';
import { dataOf, eventMetadataFromContext, foldEvents } from '@digital-post/service-kit';
import { projectSubject, type AppendedEvent } from '../readModel/projection.ts';
import { registerFactsDecider, type RegisterFactEvent } from '../registers/registerFacts.ts';
import type { Facts } from '../rules/rules.ts';
import { enrollmentStreamOf, registerStreamOf, type Subject } from '../subjects/subject.ts';
import { enrollmentDecider, type EnrollmentState } from './enrollmentDecider.ts';
import type { EnrollmentEvent } from './enrollmentEvents.ts';

type Streams = Pick<EventStore, 'append' | 'readStream'>;

/**
 * One citizen or company as the service decides about it: its register facts and its
 * enrollment, each with the stream version they were read at, so that what is appended is
 * appended only if nobody else wrote in between.
 */
export interface SubjectRecord {
  subject: Subject;
  facts: Facts;
  factsVersion: number;
  state: EnrollmentState;
  stateVersion: number;
}

export const loadSubject = async (
  store: Streams,
  tx: SqlExecutor,
  subject: Subject,
): Promise<SubjectRecord> => {
  // One after the other: a transaction's connection runs one statement at a time.
  const factEvents = await store.readStream(registerStreamOf(subject), { tx });
  const enrollmentEvents = await store.readStream(enrollmentStreamOf(subject), { tx });
  const asDecided = <E>(events: typeof factEvents) =>
    events.map((e) => ({ type: e.type, data: dataOf(e) }) as E);
  return {
    subject,
    facts: foldEvents(registerFactsDecider(subject.kind), asDecided<RegisterFactEvent>(factEvents)),
    factsVersion: factEvents.length,
    state: foldEvents(enrollmentDecider, asDecided<EnrollmentEvent>(enrollmentEvents)),
    stateVersion: enrollmentEvents.length,
  };
};

/** Appends new register facts and enrollment events, and brings the read models along. */
export const saveSubject = async (
  store: Streams,
  tx: SqlExecutor,
  record: SubjectRecord,
  newFacts: readonly RegisterFactEvent[],
  newEvents: readonly EnrollmentEvent[],
): Promise<SubjectRecord> => {
  const metadata = eventMetadataFromContext();
  const { subject } = record;
  if (newFacts.length > 0) {
    await store.append(
      registerStreamOf(subject),
      newFacts.map((event) => ({ ...event, schemaVersion: 1, metadata })),
      { expectedVersion: record.factsVersion, tx },
    );
  }
  const appended: AppendedEvent[] = newEvents.map((event) => ({ id: randomUUID(), event }));
  if (appended.length > 0) {
    await store.append(
      enrollmentStreamOf(subject),
      appended.map(({ id, event }) => ({ id, ...event, metadata })),
      { expectedVersion: record.stateVersion, tx },
    );
  }
  const next: SubjectRecord = {
    subject,
    facts: foldEvents(registerFactsDecider(subject.kind), newFacts, record.facts),
    factsVersion: record.factsVersion + newFacts.length,
    state: foldEvents(enrollmentDecider, newEvents, record.state),
    stateVersion: record.stateVersion + newEvents.length,
  };
  if (newFacts.length > 0 || appended.length > 0) {
    await projectSubject(tx, subject, next.facts, next.state, appended);
  }
  return next;
};
