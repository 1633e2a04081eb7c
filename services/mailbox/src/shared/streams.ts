/** The folders of one mailbox. */
export const folderStreamId = (mailboxId: string): string => `mailbox-${mailboxId}`;

/** One letter in one mailbox: its version is the ETag clients send back in If-Match. */
export const letterStreamId = (mailboxId: string, messageId: string): string =>
  `mailbox-${mailboxId}.${messageId}`;

/** Where an accepted letter starts its way through routing, whoever wrote it. */
export const messageStreamId = (messageId: string): string => `message-${messageId}`;
