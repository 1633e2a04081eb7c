import { parseMailboxId, type MailboxOwner } from '@digital-post/contracts';

// The mailbox id rules are everyone's (contracts); who may forward is routing's.
export { mailboxIdOf, parseMailboxId } from '@digital-post/contracts';

/** Who a letter is addressed to, as in MessageAccepted.recipient. */
export type Recipient = MailboxOwner;

/**
 * Only organisations forward: an authority or a company hands its post to the system or
 * provider that handles it. A citizen's post is never forwarded automatically.
 */
export const mayForward = (mailboxId: string): boolean => {
  const kind = parseMailboxId(mailboxId)?.kind;
  return kind === 'cvr' || kind === 'authority';
};
