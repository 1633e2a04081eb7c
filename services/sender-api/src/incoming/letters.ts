import type { ContentStore, LetterContent } from '@digital-post/content-store';
import { z } from 'zod';

const fileSchema = z.object({
  name: z.string(),
  mimeType: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  href: z.string().describe('Where to fetch its bytes, with the same token'),
});

const documentSchema = z.object({
  documentId: z.string(),
  role: z.enum(['main', 'additional']),
  title: z.string(),
  files: z.array(fileSchema),
});

export const incomingLetterSchema = z
  .object({
    messageUUID: z.string(),
    from: z
      .string()
      .nullable()
      .describe('The mailbox it was written from: cpr:…, cvr:… or authority:…'),
    writtenBy: z
      .object({ actorId: z.string(), onBehalfOf: z.string() })
      .nullable()
      .describe(
        'Who wrote it for the mailbox it came from (full access, an employee); null when its owner did',
      ),
    threadId: z.string().nullable(),
    inReplyTo: z.string().nullable().describe('The letter it answers'),
    deliveredAt: z.string(),
    title: z.string().nullable().describe('Null only when the content has been erased'),
    documents: z.array(documentSchema),
  })
  .meta({ id: 'IncomingLetter' });

export type IncomingLetter = z.infer<typeof incomingLetterSchema>;

/** A letter's row in an authority's feed. */
export interface IncomingRow {
  message_id: string;
  sender_id: string | null;
  thread_id: string | null;
  delivered_at: string;
}

export const fileHref = (messageId: string, sha256: string): string =>
  `/v1/incoming/${messageId}/files/${sha256}`;

const documentsOf = (messageId: string, content: LetterContent | undefined) =>
  (content?.documents ?? []).map((document) => ({
    documentId: document.documentId,
    role: document.role,
    title: document.title,
    files: document.files.map(({ name, mimeType, sha256, sizeBytes }) => ({
      name,
      mimeType,
      sha256,
      sizeBytes,
      href: fileHref(messageId, sha256),
    })),
  }));

/** The rows with what the letters say, read from the content store in one query. */
export const lettersOf = async (
  content: Pick<ContentStore, 'getLetters'>,
  rows: readonly IncomingRow[],
): Promise<IncomingLetter[]> => {
  const contents =
    rows.length > 0 ? await content.getLetters(rows.map((row) => row.message_id)) : new Map();
  return rows.map((row) => {
    const letter: LetterContent | undefined = contents.get(row.message_id);
    return {
      messageUUID: row.message_id,
      from: row.sender_id,
      writtenBy: letter?.writtenBy ?? null,
      threadId: row.thread_id,
      inReplyTo: letter?.inReplyTo ?? null,
      deliveredAt: row.delivered_at,
      title: letter?.title ?? null,
      documents: documentsOf(row.message_id, letter),
    };
  });
};
