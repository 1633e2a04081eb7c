import { NotFoundError } from './errors.ts';
import type { Person } from './acting.ts';

export type MailboxKind = 'cpr' | 'cvr' | 'authority';

export interface MailboxRef {
  mailboxId: string;
  kind: MailboxKind;
}

/**
 * The one rule of who may act for which mailbox. For now a citizen acts for their own mailbox
 * and an employee for their company's; delegated access (læseadgang, fuld adgang) extends this.
 */
export const mailboxesOf = (person: Person): MailboxRef[] =>
  person.kind === 'citizen'
    ? [{ mailboxId: `cpr:${person.cpr}`, kind: 'cpr' }]
    : [{ mailboxId: `cvr:${person.cvr}`, kind: 'cvr' }];

export const mayActFor = (person: Person, mailboxId: string): boolean =>
  mailboxesOf(person).some((mailbox) => mailbox.mailboxId === mailboxId);

export const assertMayActFor = (person: Person, mailboxId: string): void => {
  if (!mayActFor(person, mailboxId)) throw new NotFoundError('mailbox');
};

export const authorityMailboxId = (authorityId: string): string => `authority:${authorityId}`;
