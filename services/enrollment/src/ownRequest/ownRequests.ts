import type { EventBus, RunningConsumer } from '@digital-post/bus';
import { parseMailboxId } from '@digital-post/contracts';
import type { RecordedEvent } from '@digital-post/event-store';
import { dataOf } from '@digital-post/service-kit';
import type { EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import type { ChangeCause } from '../enrollment/writerContext.ts';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import type { Subject } from '../subjects/subject.ts';

export const OWN_REQUESTS_GROUP = 'enrollment-own-requests';

/** The citizen or company whose details they are; none for an authority's mailbox. */
const subjectOf = (event: RecordedEvent): Subject | undefined => {
  const owner = parseMailboxId(dataOf<{ mailboxId: string }>(event).mailboxId);
  return owner && owner.kind !== 'authority' ? { kind: owner.kind, id: owner.id } : undefined;
};

/**
 * A person who confirms or changes their contact details for notices has just shown up in
 * person: the rules are applied to their enrollment again then (trigger `own_request`), as on a
 * register event and through the same breaker. With the rules in force this changes nothing
 * for nearly everyone; it is where the faulty release of August 2023 showed itself.
 */
export const startOwnRequests = (deps: {
  bus: EventBus;
  writer: EnrollmentWriter;
  now: () => Date;
  onError?: (error: unknown) => void;
}): Promise<RunningConsumer> =>
  deps.bus.consume({
    groupId: OWN_REQUESTS_GROUP,
    categories: ['contact'],
    eventTypes: ['NoticeDetailsConfirmed', 'NoticeDetailsChanged'],
    handleBatch: (events, tx) =>
      deps.writer.inChunk(tx, async () => {
        for (const event of events) {
          const subject = subjectOf(event);
          if (!subject) continue;
          const cause: ChangeCause = {
            trigger: 'own_request',
            triggerId: event.id,
            caseReference: null,
            group: `own-request:${registerDateOf(deps.now())}`,
          };
          await deps.writer.applyRules(tx, await deps.writer.loadSubject(tx, subject), cause);
        }
      }),
    ...(deps.onError && { onError: deps.onError }),
  });
