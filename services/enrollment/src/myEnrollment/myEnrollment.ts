import type { EventStore, SqlExecutor } from '@digital-post/event-store';
import { dataOf } from '@digital-post/service-kit';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import { basisOf, changeOf } from '../readModel/projection.ts';
import { reachabilityFromReadModel } from '../reachability/reachabilityModel.ts';
import { enrollmentStreamOf, type Subject } from '../subjects/subject.ts';

/**
 * What a citizen or company sees of their own enrollment through the viewing clients: how post
 * reaches them now, and every change with when, why and by which rules (the event log of their
 * enrollment). Held changes and operators' decisions on them are shown too: they are about the
 * person, and an unexplained gap would be worse.
 */
export interface EnrollmentStatus {
  mailboxId: string;
  channel: 'digital' | 'paper';
  reason: string;
  enrolled: boolean;
  exempt: boolean;
}

export interface EnrollmentHistoryEntry {
  at: string;
  change: string;
  cause: string | null;
  firstEnrollment: boolean | null;
  trigger: string;
  ruleVersion: string | null;
  caseReference: string | null;
}

export interface MyEnrollmentApi {
  statusOf(subject: Subject): Promise<EnrollmentStatus>;
  historyOf(subject: Subject): Promise<EnrollmentHistoryEntry[]>;
}

export const createMyEnrollment = (deps: {
  store: Pick<EventStore, 'readStream'>;
  db: SqlExecutor;
  now: () => Date;
  /** Resolves once the read model exists (a gateway may start before enrollment ever ran). */
  ready?: () => Promise<void>;
}): MyEnrollmentApi => ({
  statusOf: async (subject) => {
    await deps.ready?.();
    const reach = await reachabilityFromReadModel(deps.db, subject, deps.now().toISOString());
    return {
      mailboxId: `${subject.kind}:${subject.id}`,
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
