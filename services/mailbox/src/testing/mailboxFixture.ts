import { randomUUID } from 'node:crypto';
import { createEmbeddedBus, type EventBus } from '@digital-post/bus';
import {
  createContentStore,
  type ContentStore,
  type LetterContent,
} from '@digital-post/content-store';
import { messageStreamOf, type MessageAccepted, type MessageRouted } from '@digital-post/contracts';
import { openPgliteStore, type Database, type EventStore } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import {
  createMailboxService,
  type MailboxService,
  type MailboxServiceOptions,
} from '../mailboxService.ts';

export interface MailboxFixture {
  store: EventStore;
  db: Database;
  bus: EventBus;
  content: ContentStore;
  mailbox: MailboxService;
  /** Delivers a letter as an authority's letter arrives: accepted, routed, then in the mailbox. */
  deliver(letter: TestLetter): Promise<string>;
  /** Whether the letter is in the mailbox's read model yet. */
  isDelivered(mailboxId: string, messageId: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface TestLetter {
  recipientMailboxId: string;
  senderId?: string;
  title?: string;
  legalNotification?: boolean;
  replyAllowed?: boolean;
  replyByDateTime?: string;
  /** The sender's earliest delivery time. */
  doNotDeliverUntil?: string;
  attachment?: { name: string; mimeType: string; bytes: Buffer };
  channel?: MessageRouted['channel'];
  /** Wait for the mailbox to have it (default true). */
  await?: boolean;
}

const letterContent = async (content: ContentStore, letter: TestLetter): Promise<LetterContent> => {
  const file = letter.attachment ?? {
    name: 'letter.pdf',
    mimeType: 'application/pdf',
    bytes: Buffer.from(`%PDF ${randomUUID()}`),
  };
  const stored = await content.putFile(file.bytes);
  return {
    title: letter.title ?? 'Your tax assessment',
    documents: [
      {
        documentId: randomUUID(),
        role: 'main',
        title: 'Assessment',
        files: [{ fileId: randomUUID(), name: file.name, mimeType: file.mimeType, ...stored }],
      },
    ],
    actions: [],
    reply: {
      allowed: letter.replyAllowed ?? false,
      ...(letter.replyByDateTime ? { replyByDateTime: letter.replyByDateTime } : {}),
    },
  };
};

const accepted = (
  messageId: string,
  letter: TestLetter,
  content: LetterContent,
): MessageAccepted => ({
  messageId,
  senderId: letter.senderId ?? 'authority:skat',
  recipient: { kind: 'cpr', id: letter.recipientMailboxId.split(':')[1]! },
  documents: content.documents.flatMap((document) =>
    document.files.map((file) => ({
      documentId: document.documentId,
      contentSha256: file.sha256,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
    })),
  ),
  legalNotification: letter.legalNotification ?? false,
  replyAllowed: letter.replyAllowed ?? false,
  doNotDeliverUntil: letter.doNotDeliverUntil ?? null,
  acceptedAt: new Date().toISOString(),
  contentSha256: null,
  letterSha256: null,
  senderSystemId: null,
  inReplyTo: null,
});

/** The decision as routing records it: with what delivery needs of the letter. */
const routed = (messageId: string, letter: TestLetter): MessageRouted => ({
  messageId,
  channel: letter.channel ?? 'digital',
  recipientMailboxId: letter.recipientMailboxId,
  forwardingRuleId: null,
  forwardingRuleVersion: null,
  decidedAt: new Date().toISOString(),
  routerRelease: 'test',
  decisionBasis: 'recipient_enrolled',
  letter: {
    senderId: letter.senderId ?? 'authority:skat',
    legalNotification: letter.legalNotification ?? false,
    replyAllowed: letter.replyAllowed ?? false,
    inReplyTo: null,
    doNotDeliverUntil: letter.doNotDeliverUntil ?? null,
  },
  caseReference: null,
});

/** A mailbox service on an in-memory PGlite store and the embedded bus, started. */
export const openMailboxFixture = async (
  options: Pick<MailboxServiceOptions, 'now' | 'dueDeliveryPollMs' | 'access'> = {},
): Promise<MailboxFixture> => {
  const { store, db } = await openPgliteStore();
  const bus = await createEmbeddedBus(store, db);
  const content = await createContentStore(db);
  const mailbox = createMailboxService({ store, db, bus, content, changePollMs: 200, ...options });
  await mailbox.start();
  const isDelivered = async (mailboxId: string, messageId: string) =>
    (
      await db.query('select 1 from mailbox.letters where mailbox_id = $1 and message_id = $2', [
        mailboxId,
        messageId,
      ])
    ).length > 0;
  return {
    store,
    db,
    bus,
    content,
    mailbox,
    isDelivered,
    deliver: async (letter) => {
      const messageId = randomUUID();
      const stored = await letterContent(content, letter);
      await content.putLetter(messageId, stored);
      await store.append(messageStreamOf(messageId), [
        { type: 'MessageAccepted', schemaVersion: 3, data: accepted(messageId, letter, stored) },
      ]);
      await store.append(`routing-${messageId}`, [
        { type: 'MessageRouted', schemaVersion: 5, data: routed(messageId, letter) },
      ]);
      if (letter.await !== false) {
        await waitFor(() => isDelivered(letter.recipientMailboxId, messageId), {
          message: `delivery of ${messageId}`,
        });
      }
      return messageId;
    },
    close: async () => {
      await mailbox.stop();
      await bus.close();
      await store.close();
    },
  };
};
