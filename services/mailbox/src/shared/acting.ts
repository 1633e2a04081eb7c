import { subjectOf, type Principal } from '@digital-post/auth';
import type { ViewingClient } from '@digital-post/contracts';
import type { EventMetadata } from '@digital-post/event-store';

/** A person who can act on a mailbox: a citizen, or an employee of a company. */
export type Person = Extract<Principal, { kind: 'citizen' | 'employee' }>;

/** Who is acting, and through which viewing client: what the event log records of every act. */
export interface Acting {
  person: Person;
  viewingClient: ViewingClient;
}

/** The acting fields of the mailbox contracts, as the event log states them. */
export interface ActedBy {
  actorId: string;
  onBehalfOf: string | null;
  viewingClient: ViewingClient;
}

export const personIdOf = (person: Person): string => subjectOf(person);

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
