import {
  mailboxIdOf,
  mailboxesOf,
  mayActAsking,
  type AccessPort,
  type MailboxAction,
  type MailboxRef,
  type Person,
} from '@digital-post/contracts';
import { NotFoundError } from './errors.ts';

/** Where the mailbox learns what rights a person holds: the access-control service's port. */
export type RightsSource = Pick<AccessPort, 'rightsOf'>;

/**
 * The one decision of who may do what to a mailbox (contracts' `mayAct`), asked before anything
 * runs for it. A citizen's own mailbox needs no lookup; anyone else's rights are asked for on
 * every request, so a revocation holds from the request after it. Without a source of rights
 * (the mailbox alone, in tests) only owners act. A refusal is the same NotFoundError as a
 * mailbox that does not exist.
 */
export interface AccessCheck {
  assert(person: Person, mailboxId: string, action: MailboxAction): Promise<void>;
  mailboxesOf(person: Person): Promise<MailboxRef[]>;
}

export const createAccessCheck = (
  rights: RightsSource | undefined,
  now: () => Date,
): AccessCheck => {
  return {
    assert: async (person, mailboxId, action) => {
      if (!(await mayActAsking(rights, person, mailboxId, action, now))) {
        throw new NotFoundError('mailbox');
      }
    },
    mailboxesOf: async (person) =>
      mailboxesOf(person, rights ? await rights.rightsOf(person) : [], now()).map(
        ({ mailboxId, kind }) => ({
          mailboxId,
          kind,
        }),
      ),
  };
};

export const authorityMailboxId = (authorityId: string): string =>
  mailboxIdOf({ kind: 'authority', id: authorityId });
