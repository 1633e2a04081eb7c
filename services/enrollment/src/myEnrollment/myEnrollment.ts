import {
  reachabilityFromHistory,
  type EnrollmentHistoryEntry,
  type MyEnrollmentPort,
} from '@digital-post/contracts';
import type { EventStore, RecordedEvent } from '@digital-post/event-store';
import { dataOf } from '@digital-post/service-kit';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import { basisOf, changeOf } from '../readModel/changes.ts';
import { enrollmentStreamOf, mailboxIdOf } from '../subjects/subject.ts';

/** One change of the enrollment as the person reads it, or none for an event that is not one. */
const historyEntryOf = (recorded: RecordedEvent): EnrollmentHistoryEntry[] => {
  const event = { type: recorded.type, data: dataOf(recorded) } as EnrollmentEvent;
  const change = changeOf(event);
  if (change === null) return [];
  const basis = basisOf(event);
  return [
    {
      at: basis.at,
      change,
      cause: basis.causeCode,
      firstEnrollment: basis.firstEnrollment,
      trigger: basis.trigger,
      ruleVersion: basis.ruleVersion,
      caseReference: basis.caseReference,
    },
  ];
};

/**
 * What a citizen or company sees of their own enrollment through the viewing clients: how post
 * reaches them now (the answer senders get, by the same rule over the same stream), and every
 * change with when, why and by which rules (the event log of their enrollment), from one read of
 * the stream. Held changes and operators' decisions on them are shown too: they are about the
 * person, and an unexplained gap would be worse.
 */
export const createMyEnrollment = (deps: {
  store: Pick<EventStore, 'readStream'>;
  now: () => Date;
}): MyEnrollmentPort => ({
  enrollmentOf: async (subject) => {
    const events = await deps.store.readStream(enrollmentStreamOf(subject));
    const reach = reachabilityFromHistory(events, deps.now().toISOString());
    return {
      mailboxId: mailboxIdOf(subject),
      channel: reach.channel,
      reason: reach.reason,
      enrolled: reach.reason === 'enrolled',
      exempt: reach.reason === 'exempt',
      history: events.flatMap(historyEntryOf),
    };
  },
});
