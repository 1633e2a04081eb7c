import {
  MAX_FOLDER_NAME_LENGTH,
  type FolderCreated,
  type FolderDeleted,
  type FolderRenamed,
} from '@digital-post/contracts';
import { DomainRuleError, type DecidedEvent, type Decider } from '@digital-post/service-kit';
import type { ActedBy } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';
import { isSystemFolder, systemFolderIds } from './systemFolders.ts';

export type FolderEvent =
  | DecidedEvent<'FolderCreated', FolderCreated>
  | DecidedEvent<'FolderRenamed', FolderRenamed>
  | DecidedEvent<'FolderDeleted', FolderDeleted>;

interface FolderAct {
  mailboxId: string;
  folderId: string;
  by: ActedBy;
  at: string;
}

/** The name is checked here but never put in an event: it is the user's own words. */
export type FolderCommand =
  | ({ type: 'CreateFolder'; name: string } & FolderAct)
  | ({ type: 'RenameFolder'; name: string } & FolderAct)
  | ({ type: 'DeleteFolder' } & FolderAct);

/** The user's folders that exist now (system folders always exist and are not listed). */
export interface FolderState {
  folderIds: ReadonlySet<string>;
}

const assertUsableName = (name: string): void => {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_FOLDER_NAME_LENGTH || trimmed !== name) {
    throw new DomainRuleError(
      'folder-name-invalid',
      'A folder name is 1-64 characters, not padded with spaces.',
      422,
    );
  }
  if ((systemFolderIds as readonly string[]).includes(name.toLowerCase())) {
    throw new DomainRuleError(
      'folder-name-reserved',
      `"${name}" is the name of a system folder.`,
      422,
    );
  }
};

const assertUserFolder = (state: FolderState, folderId: string): void => {
  if (isSystemFolder(folderId)) {
    throw new DomainRuleError('system-folder', 'System folders cannot be renamed or deleted.', 422);
  }
  if (!state.folderIds.has(folderId)) throw new NotFoundError('folder');
};

const decide = (command: FolderCommand, state: FolderState): FolderEvent[] => {
  const { mailboxId, folderId, by, at } = command;
  switch (command.type) {
    case 'CreateFolder':
      assertUsableName(command.name);
      if (state.folderIds.has(folderId) || isSystemFolder(folderId)) return [];
      return [{ type: 'FolderCreated', data: { mailboxId, folderId, ...by, createdAt: at } }];
    case 'RenameFolder':
      assertUserFolder(state, folderId);
      assertUsableName(command.name);
      return [{ type: 'FolderRenamed', data: { mailboxId, folderId, ...by, changedAt: at } }];
    case 'DeleteFolder':
      assertUserFolder(state, folderId);
      return [{ type: 'FolderDeleted', data: { mailboxId, folderId, ...by, deletedAt: at } }];
  }
};

const evolve = (state: FolderState, event: FolderEvent): FolderState => {
  const folderIds = new Set(state.folderIds);
  if (event.type === 'FolderCreated') folderIds.add(event.data.folderId);
  if (event.type === 'FolderDeleted') folderIds.delete(event.data.folderId);
  return { folderIds };
};

export const folderDecider: Decider<FolderCommand, FolderEvent, FolderState> = {
  decide,
  evolve,
  initialState: () => ({ folderIds: new Set() }),
};
