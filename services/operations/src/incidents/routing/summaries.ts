import type { MisroutedLetter } from './reconstructRouting.ts';

/** A sending authority's share of an incident: whom to tell, and of how many letters. */
export interface SenderSummary {
  senderId: string;
  letters: number;
  /** Of them, delivered to a mailbox that should not have them. */
  misdelivered: number;
  /** Of those, opened there. */
  opened: number;
}

/** A mailbox that got letters it should not have. */
export interface RecipientSummary {
  mailboxId: string;
  letters: number;
  opened: number;
}

/** Counts by sender and by wrong recipient, largest first (then by id, for a stable order). */
export const summariesOf = (misrouted: readonly MisroutedLetter[]) => {
  const senders = new Map<string, SenderSummary>();
  const recipients = new Map<string, RecipientSummary>();
  for (const letter of misrouted) {
    const opened = letter.opened.length > 0 ? 1 : 0;
    const sender = senders.get(letter.senderId) ?? {
      ...{ senderId: letter.senderId, letters: 0, misdelivered: 0, opened: 0 },
    };
    senders.set(letter.senderId, sender);
    sender.letters += 1;
    if (letter.wrongRecipient === null) continue;
    sender.misdelivered += 1;
    sender.opened += opened;
    const mailboxId = letter.wrongRecipient;
    const recipient = recipients.get(mailboxId) ?? { mailboxId, letters: 0, opened: 0 };
    recipients.set(mailboxId, recipient);
    recipient.letters += 1;
    recipient.opened += opened;
  }
  return {
    bySender: [...senders.values()].sort(
      (a, b) => b.letters - a.letters || a.senderId.localeCompare(b.senderId),
    ),
    byWrongRecipient: [...recipients.values()].sort(
      (a, b) => b.letters - a.letters || a.mailboxId.localeCompare(b.mailboxId),
    ),
  };
};
