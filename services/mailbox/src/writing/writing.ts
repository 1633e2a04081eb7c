import { randomUUID } from 'node:crypto';
import {
  writtenLetterStreamOf,
  type Draft,
  type MessageAccepted,
  type MessageWritten,
} from '@digital-post/contracts';
import type { ContentStore, LetterContent, LetterDocument } from '@digital-post/content-store';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { actedBy, actorMetadata, type Acting } from '../shared/acting.ts';
import { authorityMailboxId, type AccessCheck } from '../shared/mailboxAccess.ts';
import { letterStreamId } from '../shared/streams.ts';
import type { LetterCommands } from '../letters/letterCommands.ts';
import { replyAddress, type ReplyAddress } from './replyRules.ts';

export interface WritingDeps {
  store: Pick<EventStore, 'append'>;
  db: Database;
  content: Pick<ContentStore, 'putFile' | 'putLetter' | 'getLetter'>;
  letters: LetterCommands;
  access: AccessCheck;
  now: () => Date;
}

const storeDocuments = async (deps: WritingDeps, tx: SqlExecutor, draft: Draft) => {
  const files = [
    {
      name: 'message.txt',
      mimeType: 'text/plain; charset=utf-8',
      bytes: Buffer.from(draft.text, 'utf8'),
    },
    ...(draft.attachments ?? []),
  ];
  return Promise.all(
    files.map(async (file, index): Promise<LetterDocument> => {
      const stored = await deps.content.putFile(file.bytes, tx);
      return {
        documentId: randomUUID(),
        role: index === 0 ? 'main' : 'additional',
        title: index === 0 ? draft.title : file.name,
        // The type is this letter's: the same bytes may be another letter's under another.
        files: [{ fileId: randomUUID(), name: file.name, mimeType: file.mimeType, ...stored }],
      };
    }),
  );
};

interface Accepting {
  messageId: string;
  senderId: string;
  to: string;
  documents: LetterDocument[];
  letterSha256: string;
  at: string;
}

const accepted = ({
  messageId,
  senderId,
  to,
  documents,
  letterSha256,
  at,
}: Accepting): MessageAccepted => ({
  messageId,
  senderId,
  recipient: { kind: 'authority', id: to.slice('authority:'.length) },
  documents: documents.flatMap((document) =>
    document.files.map((file) => ({
      documentId: document.documentId,
      contentSha256: file.sha256,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
    })),
  ),
  legalNotification: false,
  // The authority may answer what a citizen or company writes.
  replyAllowed: true,
  doNotDeliverUntil: null,
  acceptedAt: at,
  // Written here, not handed in by an authority system: no request digest and no system.
  contentSha256: null,
  letterSha256,
  senderSystemId: null,
  inReplyTo: null,
});

/**
 * Writes a letter from a mailbox to an authority in one transaction: its content in the content
 * store, MessageAccepted on a new `written-` stream of the mailbox's own (routing delivers it to
 * the authority and its forwarding, as any letter), and MessageWritten in the writer's own mailbox (sent).
 */
const send = async (
  deps: WritingDeps,
  acting: Acting,
  mailboxId: string,
  draft: Draft,
  address: ReplyAddress & { inReplyTo: string | null },
) => {
  const messageId = randomUUID();
  const threadId = address.inReplyTo === null ? messageId : address.threadId;
  const at = deps.now().toISOString();
  const metadata = actorMetadata(acting, mailboxId);
  const written: MessageWritten = {
    messageId,
    mailboxId,
    recipientMailboxId: address.recipientMailboxId,
    threadId,
    inReplyTo: address.inReplyTo,
    ...actedBy(acting, mailboxId),
    writtenAt: at,
  };
  await deps.db.transaction(async (tx) => {
    const documents = await storeDocuments(deps, tx, draft);
    const letter: LetterContent = {
      title: draft.title,
      documents,
      actions: [],
      ...(address.inReplyTo ? { inReplyTo: address.inReplyTo } : {}),
      ...(written.onBehalfOf === null
        ? {}
        : { writtenBy: { actorId: written.actorId, onBehalfOf: written.onBehalfOf } }),
    };
    const { contentSha256: letterSha256 } = await deps.content.putLetter(messageId, letter, tx);
    await tx.query('insert into mailbox.threads (message_id, thread_id) values ($1, $2)', [
      messageId,
      threadId,
    ]);
    const to = address.recipientMailboxId;
    const acceptedEvent = {
      type: 'MessageAccepted',
      schemaVersion: 3,
      data: accepted({ messageId, senderId: mailboxId, to, documents, letterSha256, at }),
      metadata,
    };
    // Both streams are new: a retried write is refused, never a second letter.
    await deps.store.append(writtenLetterStreamOf(messageId), [acceptedEvent], {
      expectedVersion: 'no_stream',
      tx,
    });
    await deps.store.append(
      letterStreamId(mailboxId, messageId),
      [{ type: 'MessageWritten', data: written, metadata }],
      { expectedVersion: 'no_stream', tx },
    );
  });
  return { messageId, threadId };
};

export const createWriting = (deps: WritingDeps) => ({
  /** A new letter to an authority: it begins its own thread. */
  write: async (acting: Acting, mailboxId: string, authorityId: string, draft: Draft) => {
    await deps.access.assert(acting.person, mailboxId, 'write');
    const to = authorityMailboxId(authorityId);
    return send(deps, acting, mailboxId, draft, {
      recipientMailboxId: to,
      threadId: '',
      inReplyTo: null,
    });
  },
  /** A reply goes to the letter's sender and continues the letter's thread. */
  reply: async (acting: Acting, mailboxId: string, messageId: string, draft: Draft) => {
    const { state } = await deps.letters.load(acting, mailboxId, messageId, 'write');
    const address = replyAddress(state, await deps.content.getLetter(messageId), deps.now());
    return send(deps, acting, mailboxId, draft, { ...address, inReplyTo: messageId });
  },
});
