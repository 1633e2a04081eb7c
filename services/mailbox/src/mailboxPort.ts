import type { ContentStore } from '@digital-post/content-store';
import type { Database, EventStore } from '@digital-post/event-store';
import type { MailboxPort, StateListener } from '@digital-post/contracts';
import { readEventLog } from './eventLog/readEventLog.ts';
import { createFolderCommands } from './folders/folderCommands.ts';
import { letterChangingApi, letterReadingApi } from './letters/letterApi.ts';
import { createLetterCommands } from './letters/letterCommands.ts';
import type { PageCache } from './letters/pageCache.ts';
import type { Acting } from './shared/acting.ts';
import type { AccessCheck } from './shared/mailboxAccess.ts';
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
  /** Who may do what to which mailbox, asked before anything runs for it. */
  access: AccessCheck;
  /** Told of a watch refused: it is answered before its check ends, so nothing is thrown. */
  watchRefused?: (acting: Acting) => void;
  now: () => Date;
}

type SyncApi = Pick<MailboxPort, 'readEventLog' | 'currentState' | 'changes' | 'watch'>;

/** Checks that the person may read the mailbox first, so nothing below runs otherwise. */
const readable =
  (access: AccessCheck) =>
  <Args extends unknown[], Result>(
    work: (mailboxId: string, ...args: Args) => Promise<Result>,
  ): ((acting: Acting, mailboxId: string, ...args: Args) => Promise<Result>) =>
  async (acting, mailboxId, ...args) => {
    await access.assert(acting.person, mailboxId, 'read');
    return work(mailboxId, ...args);
  };

const syncApi = ({ db, access }: MailboxPortDeps): Omit<SyncApi, 'watch'> => {
  const owned = readable(access);
  return {
    readEventLog: owned((mailboxId, page) => readEventLog(db, mailboxId, page)),
    currentState: owned((mailboxId) => currentState(db, mailboxId)),
    changes: owned((mailboxId, since: string, max?: number) =>
      changesSince(db, mailboxId, since, max),
    ),
  };
};

/**
 * A watch returns its stop at once, so the check runs beside it: a person who may not read the
 * mailbox is told of nothing. (The gateway asks `currentState` first, which refuses them.)
 */
const watchIfReadable = (
  { access, notifier, watchRefused }: MailboxPortDeps,
  acting: Acting,
  mailboxId: string,
  known: string,
  listener: StateListener,
): (() => void) => {
  let stopped = false;
  let stop = () => {
    stopped = true;
  };
  access.assert(acting.person, mailboxId, 'read').then(
    () => {
      if (!stopped) stop = notifier.watch(mailboxId, known, listener);
    },
    () => watchRefused?.(acting),
  );
  return () => stop();
};

export const createMailboxPort = (deps: MailboxPortDeps): MailboxPort => {
  const letters = createLetterCommands(deps);
  const folders = createFolderCommands(deps);
  const writing = createWriting({ ...deps, letters });
  const letterDeps = { ...deps, letters, folders };
  return {
    listMailboxes: (person) => deps.access.mailboxesOf(person),
    listFolders: folders.list,
    createFolder: folders.create,
    renameFolder: folders.rename,
    deleteFolder: folders.delete,
    ...letterReadingApi(letterDeps),
    ...letterChangingApi(letterDeps),
    writeMessage: writing.write,
    reply: writing.reply,
    ...syncApi(deps),
    watch: (acting, mailboxId, known, listener) =>
      watchIfReadable(deps, acting, mailboxId, known, listener),
  };
};
