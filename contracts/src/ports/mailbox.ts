import type { LetterContent } from './letterContent.ts';
import { CannotCalculateChangesError, InvalidTokenError, NotFoundError } from './mailboxErrors.ts';
import type { Acting, Person } from './people.ts';
import { mailboxArgs } from './mailboxArgs.ts';
import { definePort } from './port.ts';

/** The folders every mailbox has; their ids are their roles and never change. */
export const systemFolderIds = ['inbox', 'sent', 'archive', 'trash'] as const;
export type SystemFolderId = (typeof systemFolderIds)[number];

export { MAX_FOLDER_NAME_LENGTH } from './mailboxArgs.ts';

export type MailboxKind = 'cpr' | 'cvr' | 'authority';

export interface MailboxRef {
  mailboxId: string;
  kind: MailboxKind;
}

export interface FolderView {
  folderId: string;
  /** The system folder's role, or null for a folder the user made. */
  role: SystemFolderId | null;
  /** The user's name for their folder; a system folder's name is its role, for clients to translate. */
  name: string;
  total: number;
  unread: number;
}

/** A letter as listings show it; the title is read from the content store, never from events. */
export interface LetterSummary {
  messageId: string;
  threadId: string;
  direction: 'incoming' | 'outgoing';
  folderId: string;
  read: boolean;
  senderId: string | null;
  recipientId: string | null;
  legalNotification: boolean;
  replyAllowed: boolean;
  receivedAt: string;
  /** The letter stream's version: the ETag for If-Match. */
  version: number;
  title: string | null;
}

export interface ListQuery {
  folderId?: string;
  unreadOnly?: boolean;
  cursor?: string;
  limit?: number;
}

export interface OpenedLetter {
  letter: LetterSummary;
  content: LetterContent | null;
}

export interface DownloadedFile {
  name: string;
  mimeType: string;
  sizeBytes: number;
  bytes: Buffer;
}

/** The letter stream's version after a change: the ETag for the next If-Match. */
export interface Versioned {
  version: number;
}

/** What a person writes: a title, the text, and files attached. */
export interface Draft {
  title: string;
  text: string;
  attachments?: Array<{ name: string; mimeType: string; bytes: Buffer }>;
}

/** One line of the event log (hændelsesloggen) as the owner reads it. */
export interface EventLogEntry {
  eventType: string;
  messageId: string | null;
  folderId: string | null;
  actorId: string | null;
  onBehalfOf: string | null;
  viewingClient: string | null;
  occurredAt: string;
}

/** As JMAP's `/changes`: which letters were created, updated or destroyed since a state. */
export interface MailboxChanges {
  oldState: string;
  newState: string;
  hasMoreChanges: boolean;
  created: string[];
  updated: string[];
  destroyed: string[];
}

export type StateListener = (state: string) => void;

/**
 * What viewing clients can do with a mailbox, as the gateway calls it. Every call names who acts
 * and through which client, and answers NotFoundError for a mailbox that person may not act for,
 * exactly as for one that does not exist.
 */
export interface MailboxPort {
  listMailboxes(person: Person): Promise<MailboxRef[]>;

  listFolders(acting: Acting, mailboxId: string): Promise<FolderView[]>;
  createFolder(acting: Acting, mailboxId: string, name: string): Promise<{ folderId: string }>;
  renameFolder(acting: Acting, mailboxId: string, folderId: string, name: string): Promise<void>;
  deleteFolder(acting: Acting, mailboxId: string, folderId: string): Promise<void>;

  listMessages(
    acting: Acting,
    mailboxId: string,
    query: ListQuery,
  ): Promise<{ messages: LetterSummary[]; nextCursor: string | null; state: string }>;
  /** Logged (MessageOpened); the first open of a legal notification serves it. */
  openMessage(acting: Acting, mailboxId: string, messageId: string): Promise<OpenedLetter>;
  /** Only a file the letter in this mailbox refers to. */
  getFile(
    acting: Acting,
    mailboxId: string,
    messageId: string,
    sha256: string,
  ): Promise<DownloadedFile>;
  markRead(
    acting: Acting,
    mailboxId: string,
    messageId: string,
    expectedVersion?: number,
  ): Promise<Versioned>;
  markUnread(
    acting: Acting,
    mailboxId: string,
    messageId: string,
    expectedVersion?: number,
  ): Promise<Versioned>;
  move(
    acting: Acting,
    mailboxId: string,
    messageId: string,
    toFolderId: string,
    expectedVersion?: number,
  ): Promise<Versioned>;
  /** To the trash; from the trash, for good (`permanently`), after which nothing of it is served. */
  delete(
    acting: Acting,
    mailboxId: string,
    messageId: string,
    expectedVersion?: number,
  ): Promise<Versioned & { permanently: boolean }>;

  writeMessage(
    acting: Acting,
    mailboxId: string,
    authorityId: string,
    draft: Draft,
  ): Promise<{ messageId: string; threadId: string }>;
  reply(
    acting: Acting,
    mailboxId: string,
    messageId: string,
    draft: Draft,
  ): Promise<{ messageId: string; threadId: string }>;

  readEventLog(
    acting: Acting,
    mailboxId: string,
    page: { cursor?: string; limit?: number },
  ): Promise<{ entries: EventLogEntry[]; nextCursor: string | null }>;

  currentState(acting: Acting, mailboxId: string): Promise<string>;
  changes(
    acting: Acting,
    mailboxId: string,
    sinceState: string,
    maxChanges?: number,
  ): Promise<MailboxChanges>;
  /** Calls `listener` with every new state of the mailbox after `knownState`; returns a stop. */
  watch(acting: Acting, mailboxId: string, knownState: string, listener: StateListener): () => void;
}

export const mailboxPort = definePort<MailboxPort>({
  name: 'mailbox',
  calls: [
    'listMailboxes',
    'listFolders',
    'createFolder',
    'renameFolder',
    'deleteFolder',
    'listMessages',
    'openMessage',
    'getFile',
    'markRead',
    'markUnread',
    'move',
    'delete',
    'writeMessage',
    'reply',
    'readEventLog',
    'currentState',
    'changes',
  ],
  streams: ['watch'],
  errors: [NotFoundError, InvalidTokenError, CannotCalculateChangesError],
  args: mailboxArgs,
});
