import { mailboxIdOf, ownMailboxOf, type MailboxRef, type Person } from '@digital-post/contracts';
import { NotFoundError } from './errors.ts';

/**
 * The one rule of who may act for which mailbox. For now a citizen acts for their own mailbox
 * and an employee for their company's; delegated access (læseadgang, fuld adgang) extends this.
 */
export const mailboxesOf = (person: Person): MailboxRef[] => {
  const own = ownMailboxOf(person);
  return [{ mailboxId: mailboxIdOf(own), kind: own.kind }];
};

export const mayActFor = (person: Person, mailboxId: string): boolean =>
  mailboxesOf(person).some((mailbox) => mailbox.mailboxId === mailboxId);

export const assertMayActFor = (person: Person, mailboxId: string): void => {
  if (!mayActFor(person, mailboxId)) throw new NotFoundError('mailbox');
};

export const authorityMailboxId = (authorityId: string): string =>
  mailboxIdOf({ kind: 'authority', id: authorityId });
