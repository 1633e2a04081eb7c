import type {
  EnrollmentRedecision,
  EnrollmentRedecisionPort,
  EnrollmentRedecisionRequest,
} from '@digital-post/contracts';
import type { EventStore, RecordedEvent } from '@digital-post/event-store';
import { dataOf, foldEvents, type DecidedEvent } from '@digital-post/service-kit';
import { enrollmentDecider } from '../enrollment/enrollmentDecider.ts';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import { registerFactsDecider, type RegisterFactEvent } from '../registers/registerFacts.ts';
import { verdictFor, type EnrollmentRules } from '../rules/rules.ts';
import { enrollmentStreamOf, registerStreamOf } from '../subjects/subject.ts';

export interface EnrollmentRedecisionDeps {
  store: Pick<EventStore, 'readStreams'>;
  /** The rules in force: the trusted version that decides again. */
  rules: EnrollmentRules;
}

const asDecided = <E extends DecidedEvent>(event: RecordedEvent): E =>
  ({ type: event.type, data: dataOf(event) }) as E;

/**
 * Decides again, with the rules in force, what each changed subject's enrollment should have
 * been, from its register facts and exemption as the log held them before the change, on the
 * change's day, as the audit decides it today. The batch's streams are read in one query.
 */
export const enrollmentRedecisionOf = (
  deps: EnrollmentRedecisionDeps,
): EnrollmentRedecisionPort => ({
  redecide: async (changes) => {
    const wanted = changes.flatMap(({ subject }) => [
      registerStreamOf(subject),
      enrollmentStreamOf(subject),
    ]);
    const streams = await deps.store.readStreams([...new Set(wanted)]);
    return changes.map((change) => redecideOne(deps.rules, change, streams));
  },
});

const redecideOne = (
  rules: EnrollmentRules,
  { subject, at, before }: EnrollmentRedecisionRequest,
  streams: Map<string, RecordedEvent[]>,
): EnrollmentRedecision => {
  const then = (streamId: string) =>
    (streams.get(streamId) ?? []).filter((event) => event.globalPosition < before);
  const facts = foldEvents(
    registerFactsDecider(subject.kind),
    then(registerStreamOf(subject)).map(asDecided<RegisterFactEvent>),
  );
  const standing = foldEvents(
    enrollmentDecider,
    then(enrollmentStreamOf(subject)).map(asDecided<EnrollmentEvent>),
  );
  const today = registerDateOf(new Date(at));
  const base = { subject, ruleVersion: rules.version };
  // An exemption wins over the rules, as in the audit.
  if (standing.exemption !== null) return { ...base, should: 'not_enrolled', why: 'exempt' };
  const verdict = verdictFor(rules, subject, facts, today);
  const why = verdict.should === 'enrolled' ? verdict.cause : verdict.reason;
  return { ...base, should: verdict.should, why };
};
