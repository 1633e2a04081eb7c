import { DomainRuleError } from '../commands/domainRuleError.ts';
import type { Decider } from '../commands/decider.ts';

/**
 * A toy decider for the kit's own tests: naming the folders a user makes in a mailbox. The
 * system folders' names are reserved, and two folders of one mailbox never share a name.
 */
export type FolderCommand =
  | { type: 'CreateFolder'; folderId: string; name: string }
  | { type: 'RenameFolder'; folderId: string; name: string };

export type FolderEvent =
  | { type: 'FolderCreated'; data: { folderId: string; name: string } }
  | { type: 'FolderRenamed'; data: { folderId: string; name: string } };

/** Folder id to name. */
export type FolderNames = Readonly<Record<string, string>>;

const SYSTEM_FOLDERS = ['inbox', 'sent', 'drafts', 'trash', 'archive'];

const assertNameFree = (names: FolderNames, folderId: string, name: string): void => {
  if (SYSTEM_FOLDERS.includes(name.toLowerCase())) {
    throw new DomainRuleError('folder-name-reserved', `"${name}" is a system folder.`, 422);
  }
  const holder = Object.entries(names).find(([, taken]) => taken === name)?.[0];
  if (holder !== undefined && holder !== folderId) {
    throw new DomainRuleError('folder-name-taken', `A folder named "${name}" already exists.`);
  }
};

export const folderNaming: Decider<FolderCommand, FolderEvent, FolderNames> = {
  initialState: () => ({}),
  decide(command, names) {
    assertNameFree(names, command.folderId, command.name);
    const { folderId, name } = command;
    if (command.type === 'CreateFolder') {
      return folderId in names ? [] : [{ type: 'FolderCreated', data: { folderId, name } }];
    }
    if (!(folderId in names)) {
      throw new DomainRuleError('folder-not-found', `No folder ${folderId} in this mailbox.`);
    }
    return names[folderId] === name ? [] : [{ type: 'FolderRenamed', data: { folderId, name } }];
  },
  evolve: (names, event) => ({ ...names, [event.data.folderId]: event.data.name }),
};
