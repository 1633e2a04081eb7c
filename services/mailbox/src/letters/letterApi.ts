import type { ContentStore } from '@digital-post/content-store';
import type { Database } from '@digital-post/event-store';
import { DomainRuleError } from '@digital-post/service-kit';
import type { MailboxPort } from '@digital-post/contracts';
import type { FolderCommands } from '../folders/folderCommands.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { AccessCheck } from '../shared/mailboxAccess.ts';
import type { LetterCommands } from './letterCommands.ts';
import { findLetter, listLetters } from './letterListing.ts';
import type { PageCache } from './pageCache.ts';

interface LetterApiDeps {
  db: Database;
  pages: PageCache;
  content: ContentStore;
  letters: LetterCommands;
  folders: FolderCommands;
  access: AccessCheck;
}

type ReadingApi = Pick<MailboxPort, 'listMessages' | 'openMessage' | 'getFile'>;
type ChangingApi = Pick<MailboxPort, 'markRead' | 'markUnread' | 'move' | 'delete'>;

/** Listing, opening and downloading: content is read from the content store, never events. */
export const letterReadingApi = ({
  db,
  content,
  letters,
  pages,
  access,
}: LetterApiDeps): ReadingApi => {
  const contentOf = (messageId: string) => content.getLetter(messageId);
  const contentsOf = (messageIds: string[]) => content.getLetters(messageIds);
  return {
    listMessages: async (acting, mailboxId, query) => {
      await access.assert(acting.person, mailboxId, 'read');
      return pages.read(mailboxId, query, () => listLetters(db, contentsOf, mailboxId, query));
    },
    openMessage: async (acting, mailboxId, messageId) => {
      await letters.handle(acting, mailboxId, messageId, { type: 'OpenLetter' });
      // One content read serves both the summary's title and the letter itself.
      const contents = await contentsOf([messageId]);
      const letter = await findLetter(db, async () => contents, mailboxId, messageId);
      if (!letter) throw new NotFoundError('message');
      return { letter, content: contents.get(messageId) ?? null };
    },
    getFile: async (acting, mailboxId, messageId, sha256) => {
      await letters.load(acting, mailboxId, messageId);
      const files = (await contentOf(messageId))?.documents.flatMap((document) => document.files);
      const file = files?.find((candidate) => candidate.sha256 === sha256);
      const stored = file && (await content.getFile(sha256));
      if (!file || !stored) throw new NotFoundError('file');
      // Name and type as this letter gives them; the bytes are shared by every letter with them.
      return {
        name: file.name,
        mimeType: file.mimeType,
        sizeBytes: stored.sizeBytes,
        bytes: stored.bytes,
      };
    },
  };
};

/** Read, unread, move and delete, each against the version the client saw when it names one. */
export const letterChangingApi = ({ letters, folders, access }: LetterApiDeps): ChangingApi => {
  const versioned = async (result: Promise<{ version: number }>) => ({
    version: (await result).version,
  });
  return {
    markRead: (acting, mailboxId, messageId, expected) =>
      versioned(letters.handle(acting, mailboxId, messageId, { type: 'MarkRead' }, expected)),
    markUnread: (acting, mailboxId, messageId, expected) =>
      versioned(letters.handle(acting, mailboxId, messageId, { type: 'MarkUnread' }, expected)),
    move: async (acting, mailboxId, messageId, toFolderId, expected) => {
      // Before the folder is looked for: a refusal must not tell which folders exist.
      await access.assert(acting.person, mailboxId, 'read');
      if (!(await folders.exists(mailboxId, toFolderId))) {
        throw new DomainRuleError('folder-not-found', 'The mailbox has no such folder.', 422);
      }
      const request = { type: 'MoveLetter', toFolderId } as const;
      return versioned(letters.handle(acting, mailboxId, messageId, request, expected));
    },
    delete: async (acting, mailboxId, messageId, expected) => {
      const request = { type: 'DeleteLetter' } as const;
      const outcome = await letters.handle(acting, mailboxId, messageId, request, expected);
      return { version: outcome.version, permanently: outcome.state.status === 'destroyed' };
    },
  };
};
