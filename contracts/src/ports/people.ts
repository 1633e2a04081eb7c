import type { ViewingClient } from '../events/mailbox.ts';

/** A person who can act on a mailbox: a citizen, or an employee of a company (CVR and RID). */
export type Person =
  { kind: 'citizen'; cpr: string } | { kind: 'employee'; cvr: string; rid: string };

/** Who is acting, and through which viewing client: what the event log records of every act. */
export interface Acting {
  person: Person;
  viewingClient: ViewingClient;
}

/** The person as the event log names an actor: `cpr:…`, or `cvr:…:rid:…` for an employee. */
export const personIdOf = (person: Person): string =>
  person.kind === 'citizen' ? `cpr:${person.cpr}` : `cvr:${person.cvr}:rid:${person.rid}`;

/**
 * The mailbox a person acts for in their own right: a citizen's own, an employee's company's.
 * Access others grant (læseadgang, fuld adgang) never makes a mailbox one's own.
 */
export const ownMailboxOf = (person: Person): { kind: 'cpr' | 'cvr'; id: string } =>
  person.kind === 'citizen' ? { kind: 'cpr', id: person.cpr } : { kind: 'cvr', id: person.cvr };
