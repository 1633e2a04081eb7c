import type { ContentStore } from '@digital-post/content-store';
import type { Database, EventStore } from '@digital-post/event-store';
import type { MailboxPort } from '@digital-post/contracts';
import { readEventLog } from './eventLog/readEventLog.ts';
import { createFolderCommands } from './folders/folderCommands.ts';
import { letterChangingApi, letterReadingApi } from './letters/letterApi.ts';
import { createLetterCommands } from './letters/letterCommands.ts';
import type { PageCache } from './letters/pageCache.ts';
import type { Acting } from './shared/acting.ts';
import { assertMayActFor, mailboxesOf } from './shared/mailboxAccess.ts';
import type { ChangeNotifier } from './sync/changeNotifier.ts';
import { changesSince } from './sync/changes.ts';
import { currentState } from './sync/changeState.ts';
import { createWriting } from './writing/writing.ts';

export interface MailboxPortDeps {
  /** The mailbox's store: appends projected inline (shared/projections.ts). */
  store: Pick<EventStore, 'append' | 'readStream'>;
  db: Database;
  content: ContentStore;
  notifier: ChangeNotifier;
  /** Listing pages kept while their mailbox is unchanged. */
  pages: PageCache;
  now: () => Date;
}

type SyncApi = Pick<MailboxPort, 'readEventLog' | 'currentState' | 'changes' | 'watch'>;

/** Checks access first, so nothing below runs for a mailbox the person may not act for. */
const owned =
  <Args extends unknown[], Result>(
    work: (mailboxId: string, ...args: Args) => Result,
  ): ((acting: Acting, mailboxId: string, ...args: Args) => Result) =>
  (acting, mailboxId, ...args) => {
    assertMayActFor(acting.person, mailboxId);
    return work(mailboxId, ...args);
  };

const syncApi = ({ db, notifier }: MailboxPortDeps): SyncApi => ({
  readEventLog: owned((mailboxId, page) => readEventLog(db, mailboxId, page)),
  currentState: owned((mailboxId) => currentState(db, mailboxId)),
  changes: owned((mailboxId, since: string, max?: number) =>
    changesSince(db, mailboxId, since, max),
  ),
  watch: owned((mailboxId, known: string, listener) => notifier.watch(mailboxId, known, listener)),
});

export const createMailboxPort = (deps: MailboxPortDeps): MailboxPort => {
  const letters = createLetterCommands(deps);
  const folders = createFolderCommands(deps);
  const writing = createWriting({ ...deps, letters });
  const letterDeps = { ...deps, letters, folders };
  return {
    listMailboxes: async (person) => mailboxesOf(person),
    listFolders: folders.list,
    createFolder: folders.create,
    renameFolder: folders.rename,
    deleteFolder: folders.delete,
    ...letterReadingApi(letterDeps),
    ...letterChangingApi(letterDeps),
    writeMessage: writing.write,
    reply: writing.reply,
    ...syncApi(deps),
  };
};
