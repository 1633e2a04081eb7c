export type { ViewingClient } from '@digital-post/contracts';
export type { DownloadedFile, MailboxApi, OpenedLetter, Versioned } from './api.ts';
export type { EventLogEntry } from './eventLog/readEventLog.ts';
export type { FolderView } from './folders/folderCommands.ts';
export { MAX_FOLDER_NAME_LENGTH } from './folders/folderDecider.ts';
export { systemFolderIds } from './folders/systemFolders.ts';
export type { LetterSummary, ListQuery } from './letters/letterListing.ts';
export {
  createMailboxService,
  type MailboxService,
  type MailboxServiceOptions,
} from './mailboxService.ts';
export { personIdOf, type Acting, type Person } from './shared/acting.ts';
export { CannotCalculateChangesError, InvalidTokenError, NotFoundError } from './shared/errors.ts';
export { mayActFor, type MailboxKind, type MailboxRef } from './shared/mailboxAccess.ts';
export type { MailboxChanges } from './sync/changes.ts';
export type { StateListener } from './sync/changeNotifier.ts';
export type { Draft } from './writing/writing.ts';
