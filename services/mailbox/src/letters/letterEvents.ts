import type {
  LegalNotificationServed,
  MessageDeleted,
  MessageDelivered,
  MessageMarkedRead,
  MessageMarkedUnread,
  MessageMoved,
  MessageOpened,
  MessagePermanentlyDeleted,
  MessageWithdrawn,
  MessageWritten,
} from '@digital-post/contracts';
import type { DecidedEvent } from '@digital-post/service-kit';

/** Everything that can happen to one letter in one mailbox (stream `mailbox-<mailbox>.<message>`). */
export type LetterEvent =
  | (DecidedEvent<'MessageDelivered', MessageDelivered> & { schemaVersion: 2 })
  | DecidedEvent<'MessageWritten', MessageWritten>
  | DecidedEvent<'MessageOpened', MessageOpened>
  | DecidedEvent<'LegalNotificationServed', LegalNotificationServed>
  | DecidedEvent<'MessageMarkedRead', MessageMarkedRead>
  | DecidedEvent<'MessageMarkedUnread', MessageMarkedUnread>
  | DecidedEvent<'MessageMoved', MessageMoved>
  | DecidedEvent<'MessageDeleted', MessageDeleted>
  | DecidedEvent<'MessagePermanentlyDeleted', MessagePermanentlyDeleted>
  | DecidedEvent<'MessageWithdrawn', MessageWithdrawn>;

/** The event types of letter streams, for consumers and read models that filter on them. */
export const letterEventTypes: ReadonlySet<string> = new Set<LetterEvent['type']>([
  'MessageDelivered',
  'MessageWritten',
  'MessageOpened',
  'LegalNotificationServed',
  'MessageMarkedRead',
  'MessageMarkedUnread',
  'MessageMoved',
  'MessageDeleted',
  'MessagePermanentlyDeleted',
  'MessageWithdrawn',
]);

/**
 * Stored events as the letter decider reads them. A MessageDelivered of version 1 predates the
 * facts version 2 records; it reads with the contract's defaults (no sender, own thread, neither
 * a legal notification nor answerable).
 */
export const toLetterEvent = (event: {
  type: string;
  data: unknown;
  schemaVersion: number;
}): LetterEvent => {
  if (event.type === 'MessageDelivered' && event.schemaVersion === 1) {
    const v1 = event.data as Pick<MessageDelivered, 'messageId' | 'mailboxId'>;
    const defaults = { senderId: null, threadId: v1.messageId, legalNotification: false };
    return {
      type: 'MessageDelivered',
      schemaVersion: 2,
      data: { ...defaults, replyAllowed: false, ...(event.data as object) } as MessageDelivered,
    };
  }
  return { type: event.type, data: event.data } as LetterEvent;
};
