import type { EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { createCommandHandler, dataOf, type DecidedEvent } from '@digital-post/service-kit';
import {
  registerFactsDecider,
  type RecordRegisterEvent,
  type RegisterFactEvent,
} from '../registers/registerFacts.ts';
import type { Facts } from '../rules/rules.ts';
import { enrollmentStreamOf, registerStreamOf, type Subject } from '../subjects/subject.ts';
import {
  enrollmentDecider,
  type EnrollmentCommand,
  type EnrollmentState,
} from './enrollmentDecider.ts';
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

/** A stored event as the deciders fold it: its data checked against its contract version. */
const asDecided = <E extends DecidedEvent>(event: RecordedEvent): E =>
  ({ type: event.type, data: dataOf(event) }) as E;

/**
 * The register facts stream and the enrollment stream of every subject, each written through
 * the service kit's command handler in the caller's transaction (a consumer's batch, an
 * operator's command), with the version its record was loaded at.
 */
export const subjectStreams = (store: Streams) => {
  const factsOptions = { toDecidedEvent: asDecided<RegisterFactEvent> };
  const registers = {
    cpr: createCommandHandler(store, registerFactsDecider('cpr'), factsOptions),
    cvr: createCommandHandler(store, registerFactsDecider('cvr'), factsOptions),
  };
  const enrollments = createCommandHandler(store, enrollmentDecider, {
    toDecidedEvent: asDecided<EnrollmentEvent>,
  });

  const load = async (tx: SqlExecutor, subject: Subject): Promise<SubjectRecord> => {
    // One after the other: a transaction's connection runs one statement at a time.
    const facts = await registers[subject.kind].load(registerStreamOf(subject), tx);
    const enrollment = await enrollments.load(enrollmentStreamOf(subject), tx);
    return {
      subject,
      facts: facts.state,
      factsVersion: facts.version,
      state: enrollment.state,
      stateVersion: enrollment.version,
    };
  };

  /**
   * Records what a register reported. A DomainRuleError when it contradicts what the register
   * reported before; then nothing is written.
   */
  const recordFacts = async (
    tx: SqlExecutor,
    record: SubjectRecord,
    command: RecordRegisterEvent,
  ): Promise<{ record: SubjectRecord }> => {
    const streamId = registerStreamOf(record.subject);
    const expectedVersion = record.factsVersion;
    const { state, nextExpectedVersion } = await registers[record.subject.kind].handle(
      streamId,
      command,
      { tx, expectedVersion },
    );
    return { record: { ...record, facts: state, factsVersion: nextExpectedVersion } };
  };

  /** Decides on the enrollment; the store's projection brings the read models along. */
  const decide = async (
    tx: SqlExecutor,
    record: SubjectRecord,
    command: EnrollmentCommand,
  ): Promise<{ record: SubjectRecord; events: EnrollmentEvent[] }> => {
    const streamId = enrollmentStreamOf(record.subject);
    const expectedVersion = record.stateVersion;
    const result = await enrollments.handle(streamId, command, { tx, expectedVersion });
    const { events, state, nextExpectedVersion } = result;
    return { record: { ...record, state, stateVersion: nextExpectedVersion }, events };
  };

  return { load, recordFacts, decide };
};

export type SubjectStreams = ReturnType<typeof subjectStreams>;
