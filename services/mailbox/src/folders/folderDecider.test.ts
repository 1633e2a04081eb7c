import { describe, expect, it } from 'vitest';
import { DomainRuleError, foldEvents } from '@digital-post/service-kit';
import { NotFoundError } from '../shared/errors.ts';
import { folderDecider, type FolderCommand, type FolderEvent } from './folderDecider.ts';

const act = {
  mailboxId: 'cpr:0101901234',
  folderId: 'f1',
  by: { actorId: 'cpr:0101901234', onBehalfOf: null, viewingClient: 'mit_dk' },
  at: '2024-03-01T09:30:00.000Z',
} as const;

const decide = (history: FolderEvent[], command: FolderCommand) =>
  folderDecider.decide(command, foldEvents(folderDecider, history));

const created = decide([], { type: 'CreateFolder', name: 'Tax', ...act });

describe('folders of a mailbox', () => {
  it('are created by id; the name stays out of the event', () => {
    expect(created).toEqual([
      {
        type: 'FolderCreated',
        data: { mailboxId: act.mailboxId, folderId: 'f1', ...act.by, createdAt: act.at },
      },
    ]);
    expect(JSON.stringify(created)).not.toContain('Tax');
  });

  it('are renamed and deleted', () => {
    expect(decide(created, { type: 'RenameFolder', name: 'Taxes', ...act })[0]!.type).toBe(
      'FolderRenamed',
    );
    const deleted = decide(created, { type: 'DeleteFolder', ...act });
    expect(deleted[0]!.type).toBe('FolderDeleted');
    expect(() =>
      decide([...created, ...deleted], { type: 'RenameFolder', name: 'X', ...act }),
    ).toThrow(NotFoundError);
  });

  it('refuse the names of system folders and blank names', () => {
    for (const name of ['Inbox', 'TRASH', '', ' padded', 'x'.repeat(65)]) {
      expect(() => decide([], { type: 'CreateFolder', name, ...act })).toThrow(DomainRuleError);
    }
  });

  it('keep system folders as they are', () => {
    expect(() => decide([], { type: 'DeleteFolder', ...act, folderId: 'inbox' })).toThrow(
      /System folders/,
    );
  });
});
