import { randomUUID } from 'node:crypto';
import type { FolderView } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { createCommandHandler, DomainRuleError } from '@digital-post/service-kit';
import { actedBy, actorMetadata, type Acting } from '../shared/acting.ts';
import type { AccessCheck } from '../shared/mailboxAccess.ts';
import { folderStreamId } from '../shared/streams.ts';
import { folderDecider, type FolderCommand } from './folderDecider.ts';
import { isSystemFolder, systemFolderIds } from './systemFolders.ts';

export interface FolderDeps {
  store: Pick<EventStore, 'append' | 'readStream'>;
  db: Database;
  access: AccessCheck;
  now: () => Date;
}

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === '23505';

/** Folder names live here, beside the events, because they are the user's own words. */
const saveName =
  (mailboxId: string, folderId: string, name: string | null) =>
  async (tx: SqlExecutor): Promise<void> => {
    try {
      await tx.query(
        name === null
          ? 'delete from mailbox.folders where mailbox_id = $1 and folder_id = $2'
          : `insert into mailbox.folders (mailbox_id, folder_id, name) values ($1, $2, $3)
             on conflict (mailbox_id, folder_id) do update set name = excluded.name`,
        name === null ? [mailboxId, folderId] : [mailboxId, folderId, name],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new DomainRuleError(
        'folder-name-taken',
        'Another folder of this mailbox has that name.',
      );
    }
  };

const lettersIn = async (db: Database, mailboxId: string, folderId: string): Promise<number> => {
  const rows = await db.query<{ count: string | number }>(
    `select count(*) as count from mailbox.letters
      where mailbox_id = $1 and folder_id = $2 and destroyed_change is null`,
    [mailboxId, folderId],
  );
  return Number(rows[0]!.count);
};

export const createFolderCommands = (deps: FolderDeps) => {
  const folders = createCommandHandler(deps.store, folderDecider, { db: deps.db });
  const run = async (acting: Acting, command: FolderCommand, name: string | null) => {
    await folders.handle(folderStreamId(command.mailboxId), command, {
      metadata: actorMetadata(acting, command.mailboxId),
      alsoInTransaction: saveName(command.mailboxId, command.folderId, name),
    });
  };
  /** A folder command's common part, once the person is found to organise the mailbox. */
  const act = async (acting: Acting, mailboxId: string, folderId: string) => {
    await deps.access.assert(acting.person, mailboxId, 'organise');
    return { mailboxId, folderId, by: actedBy(acting, mailboxId), at: deps.now().toISOString() };
  };

  return {
    create: async (acting: Acting, mailboxId: string, name: string) => {
      const folderId = randomUUID();
      const common = await act(acting, mailboxId, folderId);
      await run(acting, { type: 'CreateFolder', name, ...common }, name);
      return { folderId };
    },
    rename: async (acting: Acting, mailboxId: string, folderId: string, name: string) => {
      const common = await act(acting, mailboxId, folderId);
      await run(acting, { type: 'RenameFolder', name, ...common }, name);
    },
    /** Only an empty folder goes: letters are never deleted as a side effect. */
    delete: async (acting: Acting, mailboxId: string, folderId: string) => {
      // Before the folder is counted: a refusal must not tell whether it holds letters.
      const common = await act(acting, mailboxId, folderId);
      if (!isSystemFolder(folderId) && (await lettersIn(deps.db, mailboxId, folderId)) > 0) {
        throw new DomainRuleError(
          'folder-not-empty',
          'Move or delete the letters in the folder first.',
        );
      }
      await run(acting, { type: 'DeleteFolder', ...common }, null);
    },
    exists: async (mailboxId: string, folderId: string): Promise<boolean> =>
      isSystemFolder(folderId) ||
      (
        await deps.db.query(
          'select 1 from mailbox.folders where mailbox_id = $1 and folder_id = $2',
          [mailboxId, folderId],
        )
      ).length > 0,
    list: async (acting: Acting, mailboxId: string) => {
      await deps.access.assert(acting.person, mailboxId, 'read');
      return listFolders(deps.db, mailboxId);
    },
  };
};

const listFolders = async (db: Database, mailboxId: string): Promise<FolderView[]> => {
  const named = await db.query<{ folder_id: string; name: string }>(
    'select folder_id, name from mailbox.folders where mailbox_id = $1 order by lower(name)',
    [mailboxId],
  );
  const counts = await db.query<{
    folder_id: string;
    total: string | number;
    unread: string | number;
  }>(
    `select folder_id, count(*) as total, count(*) filter (where not is_read) as unread
       from mailbox.letters where mailbox_id = $1 and destroyed_change is null group by folder_id`,
    [mailboxId],
  );
  const countOf = (folderId: string) => counts.find((row) => row.folder_id === folderId);
  const view = (folderId: string, role: FolderView['role'], name: string): FolderView => ({
    folderId,
    role,
    name,
    total: Number(countOf(folderId)?.total ?? 0),
    unread: Number(countOf(folderId)?.unread ?? 0),
  });
  return [
    ...systemFolderIds.map((id) => view(id, id, id)),
    ...named.map((row) => view(row.folder_id, null, row.name)),
  ];
};

export type FolderCommands = ReturnType<typeof createFolderCommands>;
