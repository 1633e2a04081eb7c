import { personIdOf, type Acting, type ViewingClient } from '@digital-post/contracts';
import type { EventMetadata } from '@digital-post/event-store';

export { personIdOf, type Acting, type Person } from '@digital-post/contracts';

/** The acting fields of the mailbox contracts, as the event log states them. */
export interface ActedBy {
  actorId: string;
  onBehalfOf: string | null;
  viewingClient: ViewingClient;
}

/** `onBehalfOf` names the owner only when the actor is someone else (an employee, later a delegate). */
export const actedBy = (acting: Acting, mailboxId: string): ActedBy => {
  const actorId = personIdOf(acting.person);
  return {
    actorId,
    onBehalfOf: actorId === mailboxId ? null : mailboxId,
    viewingClient: acting.viewingClient,
  };
};

/** The same facts as event metadata, so every consumer of the log sees the actor uniformly. */
export const actorMetadata = (acting: Acting, mailboxId: string): EventMetadata => {
  const by = actedBy(acting, mailboxId);
  return {
    actor: {
      kind: acting.person.kind,
      id: by.actorId,
      ...(by.onBehalfOf === null ? {} : { onBehalfOf: by.onBehalfOf }),
      client: by.viewingClient,
    },
  };
};
