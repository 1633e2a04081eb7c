/** The folders of one mailbox. */
export const folderStreamId = (mailboxId: string): string => `mailbox-${mailboxId}`;

/** One letter in one mailbox: its version is the ETag clients send back in If-Match. */
export const letterStreamId = (mailboxId: string, messageId: string): string =>
  `mailbox-${mailboxId}.${messageId}`;
