import type { LetterContent } from '@digital-post/content-store';
import type { EventLogEntry } from './eventLog/readEventLog.ts';
import type { FolderView } from './folders/folderCommands.ts';
import type { LetterSummary, ListQuery } from './letters/letterListing.ts';
import type { Acting, Person } from './shared/acting.ts';
import type { MailboxRef } from './shared/mailboxAccess.ts';
import type { MailboxChanges } from './sync/changes.ts';
import type { StateListener } from './sync/changeNotifier.ts';
import type { Draft } from './writing/writing.ts';

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

/**
 * What viewing clients can do with a mailbox, as the gateway calls it in process (an HTTP
 * adapter can later sit between them). Every call names who acts and through which client, and
 * answers NotFoundError for a mailbox that person may not act for, exactly as for one that does
 * not exist.
 */
export interface MailboxApi {
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
