import type { ContentStore } from '@digital-post/content-store';
import type { SqlExecutor } from '@digital-post/event-store';
import { problem } from '@digital-post/service-kit';

export interface IncomingFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * A file of a letter in the authority's feed, and only such: the bytes are found through the
 * letter that refers to them, with that letter's name and type for them. Anything else, another
 * authority's letter included, answers as a file that does not exist.
 */
export const incomingFile = async (
  db: SqlExecutor,
  content: Pick<ContentStore, 'getLetter' | 'getFile'>,
  authorityMailboxId: string,
  messageId: string,
  sha256: string,
): Promise<IncomingFile> => {
  const missing = () => problem.notFound('No such file.');
  const rows = await db.query(
    `select 1 from sender_api.incoming where authority_mailbox_id = $1 and message_id = $2`,
    [authorityMailboxId, messageId],
  );
  if (rows.length === 0) throw missing();
  const letter = await content.getLetter(messageId);
  const file = letter?.documents
    .flatMap((document) => document.files)
    .find((candidate) => candidate.sha256 === sha256);
  const stored = file && (await content.getFile(sha256));
  if (!file || !stored) throw missing();
  return { name: file.name, mimeType: file.mimeType, bytes: stored.bytes };
};
