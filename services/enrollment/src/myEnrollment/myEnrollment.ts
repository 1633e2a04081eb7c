import type { MyEnrollmentPort } from '@digital-post/contracts';
import type { EventStore } from '@digital-post/event-store';
import { dataOf } from '@digital-post/service-kit';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import { basisOf, changeOf } from '../readModel/projection.ts';
import { createReachability } from '../reachability/reachability.ts';
import { enrollmentStreamOf, mailboxIdOf } from '../subjects/subject.ts';

/**
 * What a citizen or company sees of their own enrollment through the viewing clients: how post
 * reaches them now (the answer senders get), and every change with when, why and by which rules
 * (the event log of their enrollment). Held changes and operators' decisions on them are shown
 * too: they are about the person, and an unexplained gap would be worse.
 */
export const createMyEnrollment = (deps: {
  store: Pick<EventStore, 'readStream'>;
  now: () => Date;
}): MyEnrollmentPort => ({
  statusOf: async (subject) => {
    const reach = await createReachability(deps).reachability(subject);
    return {
      mailboxId: mailboxIdOf(subject),
      channel: reach.channel,
      reason: reach.reason,
      enrolled: reach.reason === 'enrolled',
      exempt: reach.reason === 'exempt',
    };
  },
  historyOf: async (subject) => {
    const events = await deps.store.readStream(enrollmentStreamOf(subject));
    return events.flatMap((recorded) => {
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
    });
  },
});
