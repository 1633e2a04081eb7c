/** The folders every mailbox has; their ids are their roles and never change. */
export const systemFolderIds = ['inbox', 'sent', 'archive', 'trash'] as const;

export type SystemFolderId = (typeof systemFolderIds)[number];

export const isSystemFolder = (folderId: string): folderId is SystemFolderId =>
  (systemFolderIds as readonly string[]).includes(folderId);

/** Where deleted letters wait; deleting from here is for good. */
export const TRASH: SystemFolderId = 'trash';
