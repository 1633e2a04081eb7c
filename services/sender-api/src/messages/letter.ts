import { canonicalJson, sha256Hex, type LetterContent } from '@digital-post/content-store';
import type { MessageRequest } from './messageSchema.ts';

export interface DecodedFile {
  bytes: Buffer;
  mimeType: string;
  sha256: string;
}

/** A request taken apart: the letter for the content store, its files, and its digest. */
export interface PreparedLetter {
  letter: LetterContent;
  files: DecodedFile[];
  /** SHA-256 of the canonical request, files by digest: equal requests, equal digest. */
  requestSha256: string;
}

/** Base64 validated by the schema decodes without loss. */
export const decodedSize = (base64: string): number =>
  (base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

/** The same instant written with another offset is the same request. */
export const utc = (dateTime: string): string => new Date(dateTime).toISOString();

const normalised = (message: MessageRequest): MessageRequest => ({
  ...message,
  ...(message.doNotDeliverUntil && { doNotDeliverUntil: utc(message.doNotDeliverUntil) }),
  ...(message.reply?.replyByDateTime && {
    reply: { ...message.reply, replyByDateTime: utc(message.reply.replyByDateTime) },
  }),
});

export const prepareLetter = (request: MessageRequest): PreparedLetter => {
  const message = normalised(request);
  const files: DecodedFile[] = [];
  const documents = message.documents.map((document, d) => {
    const documentId = document.documentId ?? `doc-${d + 1}`;
    return {
      documentId,
      role: document.role,
      title: document.title,
      files: document.files.map((file, f) => {
        const bytes = Buffer.from(file.content, 'base64');
        const sha256 = sha256Hex(bytes);
        files.push({ bytes, mimeType: file.mimeType, sha256 });
        const fileId = file.fileId ?? `${documentId}-file-${f + 1}`;
        return {
          fileId,
          name: file.name,
          mimeType: file.mimeType,
          sha256,
          sizeBytes: bytes.length,
        };
      }),
    };
  });
  const letter: LetterContent = {
    title: message.title,
    ...(message.notificationText === undefined
      ? {}
      : { notificationText: message.notificationText }),
    documents,
    actions: message.actions,
    ...(message.reply === undefined ? {} : { reply: message.reply }),
  };
  const { documents: _withContent, ...envelope } = message;
  const requestSha256 = sha256Hex(canonicalJson({ ...envelope, documents }));
  return { letter, files, requestSha256 };
};
