import { isValidCpr, isValidCvr } from '@digital-post/contracts';
import { isValidAuthorityId } from './cpr.ts';

export type RecipientKind = 'cpr' | 'cvr' | 'authority';

/** Who a letter is addressed to, as in MessageAccepted.recipient. */
export interface Recipient {
  kind: RecipientKind;
  id: string;
}

/** `<kind>:<id>`: `cpr:0101901234`, `cvr:12345678`, `authority:<authorityId>` (docs/delivery.md). */
export type MailboxId = `${RecipientKind}:${string}`;

export const mailboxIdOf = (recipient: Recipient): MailboxId => `${recipient.kind}:${recipient.id}`;

const validators: Record<RecipientKind, (id: string) => boolean> = {
  cpr: isValidCpr,
  cvr: isValidCvr,
  authority: isValidAuthorityId,
};

export const isValidRecipient = (recipient: Recipient): boolean =>
  validators[recipient.kind](recipient.id);

/** The recipient a mailbox id names, or undefined when it is not a valid mailbox id. */
export const parseMailboxId = (mailboxId: string): Recipient | undefined => {
  const colon = mailboxId.indexOf(':');
  const kind = mailboxId.slice(0, colon);
  const recipient = { kind, id: mailboxId.slice(colon + 1) } as Recipient;
  if (colon < 0 || !(kind in validators)) return undefined;
  return isValidRecipient(recipient) ? recipient : undefined;
};

/**
 * Only organisations forward: an authority or a company hands its post to the system or
 * provider that handles it. A citizen's post is never forwarded automatically.
 */
export const mayForward = (mailboxId: string): boolean => {
  const kind = parseMailboxId(mailboxId)?.kind;
  return kind === 'cvr' || kind === 'authority';
};
