import { createHash } from 'node:crypto';
import type { MessageAcceptedV3 } from '@digital-post/contracts';
import type { NewEvent } from '@digital-post/event-store';
import { authorityMailboxId } from '../recipients.ts';
import type { PreparedLetter } from './letter.ts';
import type { MessageRequest } from './messageSchema.ts';

export const messageStreamId = (messageUUID: string): string => `message-${messageUUID}`;

/**
 * The event id follows from the message UUID, so a retried hand-in can never append a second
 * acceptance, even when two copies race past every other check.
 */
export const acceptedEventId = (messageUUID: string): string => {
  const hex = createHash('sha256')
    .update(`digital-post:MessageAccepted:${messageUUID}`)
    .digest('hex');
  // An RFC 9562 version 8 (custom) UUID: version and variant bits set, the rest from the digest.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const messageAcceptedEvent = (
  message: MessageRequest,
  prepared: PreparedLetter,
  letterSha256: string,
  context: { acceptedAt: Date; systemId: string },
): NewEvent<MessageAcceptedV3> => ({
  id: acceptedEventId(message.messageUUID),
  type: 'MessageAccepted',
  schemaVersion: 3,
  data: {
    messageId: message.messageUUID,
    senderId: authorityMailboxId(message.sender.authorityId),
    recipient: message.recipient,
    // One reference per file: a document of several files is several references.
    documents: prepared.letter.documents.flatMap((document) =>
      document.files.map((file) => ({
        documentId: document.documentId,
        contentSha256: file.sha256,
        mimeType: file.mimeType,
        sizeBytes: file.sizeBytes,
      })),
    ),
    legalNotification: message.legalNotification,
    replyAllowed: message.reply?.allowed ?? false,
    doNotDeliverUntil: message.doNotDeliverUntil
      ? new Date(message.doNotDeliverUntil).toISOString()
      : null,
    acceptedAt: context.acceptedAt.toISOString(),
    contentSha256: prepared.requestSha256,
    letterSha256,
    senderSystemId: context.systemId,
    inReplyTo: message.inReplyTo ?? null,
  },
});
