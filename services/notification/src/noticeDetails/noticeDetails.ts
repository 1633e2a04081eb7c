import { randomBytes } from 'node:crypto';
import type {
  NoticeDetailsChanged,
  NoticeDetailsConfirmed,
  NoticeDetailsInput,
  NoticeDetailsPort,
  NoticeDetailsView,
} from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { contractCheckedStore, createCommandHandler } from '@digital-post/service-kit';
import {
  noticeDetailsDecider,
  noticeDetailsStreamOf,
  type NoticeDetailsCommand,
  type NoticeDetailsEvent,
} from './noticeDetailsDecider.ts';
import {
  assertDetailsVersion,
  assertNoticeMailboxId,
  parseNoticeDetailsInput,
} from './noticeDetailsInput.ts';
import {
  currentNoticeDetails,
  ensureNoticeDetailsSchema,
  insertNoticeDetails,
  markNoticeDetailsConfirmed,
} from './noticeDetailsTable.ts';

/**
 * The owner's details for notices, behind the port the gateway (and later the notification
 * service) calls. Every write is its own stream `contact-<mailboxId>` plus the service's own
 * table, in one transaction; nothing here reads or writes enrollment (August 2023).
 */
export interface NoticeDetailsOptions {
  store: Pick<EventStore, 'append' | 'readStream'>;
  /** The database of `store`: the details' table lives beside the events. */
  db: Database;
  now?: () => Date;
}

/** What a change stores beside its event, which carries none of it. */
interface PendingDetails extends NoticeDetailsInput {
  digestSalt: string;
}

/** The rows a command's events imply, written in their transaction. */
const writeRows = async (
  tx: SqlExecutor,
  events: NoticeDetailsEvent[],
  pending: PendingDetails | undefined,
): Promise<void> => {
  for (const event of events) {
    if (event.type === 'NoticeDetailsChanged') {
      const data = event.data as NoticeDetailsChanged;
      if (!pending) throw new Error('a change of notice details came without its details');
      await insertNoticeDetails(tx, data.mailboxId, {
        ...pending,
        detailsVersion: data.detailsVersion,
        sha256: data.detailsSha256,
        changedAt: data.changedAt,
      });
    } else if (event.type === 'NoticeDetailsConfirmed') {
      const data = event.data as NoticeDetailsConfirmed;
      await markNoticeDetailsConfirmed(tx, data.mailboxId, data.detailsVersion, data.confirmedAt);
    }
  }
};

export const createNoticeDetails = async ({
  store,
  db,
  now = () => new Date(),
}: NoticeDetailsOptions): Promise<NoticeDetailsPort> => {
  await ensureNoticeDetailsSchema(db);
  // Each command in one transaction with the rows it implies (on PGlite everything inside uses
  // that transaction: the database is busy until it ends).
  const handler = createCommandHandler(contractCheckedStore(store), noticeDetailsDecider, { db });
  const handle = async (command: NoticeDetailsCommand, pending?: PendingDetails) => {
    await handler.handle(noticeDetailsStreamOf(command.mailboxId), command, {
      alsoInTransaction: (tx, events) => writeRows(tx, events, pending),
    });
  };

  const current = async (mailboxId: string): Promise<NoticeDetailsView> => {
    const stored = await currentNoticeDetails(db, mailboxId);
    if (!stored) throw new Error(`notice details of ${mailboxId} vanished after a write`);
    return stored.view;
  };

  return {
    read: async (mailboxId) => {
      assertNoticeMailboxId(mailboxId);
      return (await currentNoticeDetails(db, mailboxId))?.view ?? null;
    },

    change: async (mailboxId, input) => {
      assertNoticeMailboxId(mailboxId);
      const details = parseNoticeDetailsInput(input);
      // One salt per mailbox, so the same details give the same digest and change nothing.
      const digestSalt =
        (await currentNoticeDetails(db, mailboxId))?.digestSalt ?? randomBytes(16).toString('hex');
      const at = now().toISOString();
      const pending = { ...details, digestSalt };
      await handle({ type: 'ChangeNoticeDetails', mailboxId, ...pending, at }, pending);
      return current(mailboxId);
    },

    confirm: async (mailboxId, detailsVersion) => {
      assertNoticeMailboxId(mailboxId);
      assertDetailsVersion(detailsVersion);
      const at = now().toISOString();
      await handle({ type: 'ConfirmNoticeDetails', mailboxId, detailsVersion, at });
      return current(mailboxId);
    },
  };
};

/**
 * The port as the service offers it: ready at once, its table made on the first call (and tried
 * again after a failure), so a service that is only built to answer never waits to start.
 */
export const noticeDetailsPortOf = (options: NoticeDetailsOptions): NoticeDetailsPort => {
  let made: Promise<NoticeDetailsPort> | undefined;
  const port = () =>
    (made ??= createNoticeDetails(options).catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
  return {
    read: async (mailboxId) => (await port()).read(mailboxId),
    change: async (mailboxId, details) => (await port()).change(mailboxId, details),
    confirm: async (mailboxId, version) => (await port()).confirm(mailboxId, version),
  };
};
