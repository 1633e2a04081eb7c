import { systemFolderIds, type SystemFolderId } from '@digital-post/contracts';

// The folders every mailbox has are part of the mailbox port (their ids are their roles).
export { systemFolderIds, type SystemFolderId } from '@digital-post/contracts';

export const isSystemFolder = (folderId: string): folderId is SystemFolderId =>
  (systemFolderIds as readonly string[]).includes(folderId);

/** Where deleted letters wait; deleting from here is for good. */
export const TRASH: SystemFolderId = 'trash';
