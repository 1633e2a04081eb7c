import type { ListQuery } from '@digital-post/contracts';
import type { ChangeNotifier } from '../sync/changeNotifier.ts';
import type { listLetters } from './letterListing.ts';

export type Page = Awaited<ReturnType<typeof listLetters>>;

export interface PageCache {
  /** The page as this process last read it while it is still the mailbox's page, else `load`'s. */
  read(mailboxId: string, query: ListQuery, load: () => Promise<Page>): Promise<Page>;
  /** Changes to these mailboxes committed in this process: their pages go at once. */
  changed(mailboxIds: Iterable<string>): void;
}

interface Kept {
  mailboxId: string;
  page: Page;
  /** Served only once a check of the counters begun after it was kept found it current. */
  confirmed: boolean;
}

interface Watched {
  state: string;
  keys: Set<string>;
  unwatch: () => void;
}

const keyOf = (mailboxId: string, { folderId, unreadOnly, cursor, limit }: ListQuery): string =>
  JSON.stringify([mailboxId, folderId ?? 'inbox', unreadOnly ?? false, cursor ?? '', limit ?? 50]);

/**
 * Listing pages kept in memory, so a mailbox listed again unchanged (a client refreshing, several
 * clients on one mailbox) is answered without the database. A page is dropped as soon as its
 * mailbox changes: at once for a change committed in this process (after its commit, before the
 * writer is answered, so a person sees their own change), and for a change made by another
 * process when the change notifier hears of it (the notification each projecting transaction
 * sends, or its poll). A page read while its mailbox changed is not kept, and a kept page is
 * served only after a check begun after it was kept found its state current, so no page older
 * than what the notifier has heard of is served. The newest `maxPages` pages are kept.
 */
export const createPageCache = (notifier: ChangeNotifier, maxPages = 1_000): PageCache => {
  const pages = new Map<string, Kept>();
  const watched = new Map<string, Watched>();
  const reading = new Readings();
  const watchOf = (mailboxId: string, state: string): Watched => {
    const current = watched.get(mailboxId);
    if (current?.state === state) return current;
    forget(mailboxId);
    return watchMailbox(notifier, watched, mailboxId, state, forget);
  };

  const forget = (mailboxId: string): void => {
    const mailbox = watched.get(mailboxId);
    if (!mailbox) return;
    watched.delete(mailboxId);
    mailbox.unwatch();
    mailbox.keys.forEach((key) => pages.delete(key));
  };
  const drop = (key: string): void => {
    const kept = pages.get(key);
    if (!kept) return;
    pages.delete(key);
    const mailbox = watched.get(kept.mailboxId);
    mailbox?.keys.delete(key);
    if (mailbox?.keys.size === 0) forget(kept.mailboxId);
  };
  const keep = (key: string, mailboxId: string, page: Page): void => {
    // A page behind one kept already was read before a change the other saw: not kept.
    if (Number(page.state) < Number(watched.get(mailboxId)?.state ?? 0)) return;
    drop(key);
    const kept: Kept = { mailboxId, page, confirmed: false };
    pages.set(key, kept);
    watchOf(mailboxId, page.state).keys.add(key);
    if (pages.size > maxPages) drop(pages.keys().next().value!);
    void notifier.checked().then((read) => {
      if (read && pages.get(key) === kept) kept.confirmed = true;
    });
  };

  return {
    read: async (mailboxId, query, read) => {
      const key = keyOf(mailboxId, query);
      const kept = pages.get(key);
      if (!kept?.confirmed) {
        const { page, changed } = await reading.of(mailboxId, read);
        if (!changed) keep(key, mailboxId, page);
        return page;
      }
      // Touched: the least recently listed page goes first.
      pages.delete(key);
      pages.set(key, kept);
      return kept.page;
    },
    changed: (mailboxIds) => {
      for (const mailboxId of mailboxIds) {
        forget(mailboxId);
        reading.changed(mailboxId);
      }
    },
  };
};

/** Watches a mailbox at `state`; when it moves on, its pages go (unless watched anew since). */
const watchMailbox = (
  notifier: ChangeNotifier,
  watched: Map<string, Watched>,
  mailboxId: string,
  state: string,
  forget: (mailboxId: string) => void,
): Watched => {
  const mailbox: Watched = { state, keys: new Set<string>(), unwatch: () => undefined };
  mailbox.unwatch = notifier.watch(mailboxId, state, () => {
    if (watched.get(mailboxId) === mailbox) forget(mailboxId);
  });
  watched.set(mailboxId, mailbox);
  return mailbox;
};

/** Listings under way, by mailbox, and whether their mailbox changed while they read. */
class Readings {
  private readonly underWay = new Map<string, { readers: number; changed: boolean }>();

  async of(mailboxId: string, read: () => Promise<Page>) {
    const mailbox = this.underWay.get(mailboxId) ?? { readers: 0, changed: false };
    this.underWay.set(mailboxId, mailbox);
    mailbox.readers += 1;
    try {
      const page = await read();
      return { page, changed: mailbox.changed };
    } finally {
      mailbox.readers -= 1;
      if (mailbox.readers === 0) this.underWay.delete(mailboxId);
    }
  }

  changed(mailboxId: string): void {
    const mailbox = this.underWay.get(mailboxId);
    if (mailbox) mailbox.changed = true;
  }
}
