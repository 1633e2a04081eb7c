import { randomBytes } from 'node:crypto';
import type { NoticeDetailsChanged, NoticeDetailsConfirmed } from '@digital-post/contracts';
import type { Database, EventStore, NewEvent, SqlExecutor } from '@digital-post/event-store';
import { contractCheckedStore, createCommandHandler } from '@digital-post/service-kit';
import {
  noticeDetailsDecider,
  noticeDetailsStreamOf,
  type NoticeDetailsCommand,
} from './noticeDetailsDecider.ts';
import {
  assertDetailsVersion,
  assertNoticeMailboxId,
  parseNoticeDetailsInput,
  type NoticeDetailsInput,
  type NoticeDetailsView,
} from './noticeDetailsInput.ts';
import {
  currentNoticeDetails,
  ensureNoticeDetailsSchema,
  insertNoticeDetails,
  markNoticeDetailsConfirmed,
} from './noticeDetailsTable.ts';

/**
 * The owner's details for notices, as the gateway (and later the notification service) uses
 * them. Every write is its own stream `contact-<mailboxId>` plus the service's own table, in one
 * transaction; nothing here reads or writes enrollment (August 2023).
 */
export interface NoticeDetailsApi {
  /** The newest details of the mailbox, or null when none were ever registered. */
  read(mailboxId: string): Promise<NoticeDetailsView | null>;
  /** Registers new details (both null clears them); the same details again change nothing. */
  change(mailboxId: string, details: NoticeDetailsInput): Promise<NoticeDetailsView>;
  /** Confirms the version the user saw: a 409 problem when it is no longer the newest. */
  confirm(mailboxId: string, detailsVersion: number): Promise<NoticeDetailsView>;
}

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

const writeRows = async (
  tx: SqlExecutor,
  events: NewEvent[],
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

/**
 * The store as the command handler sees it: each append, checked against the contracts, runs in
 * one transaction with the rows it implies. On PGlite everything inside uses `tx`: the database
 * is busy until the transaction ends.
 */
const rowWritingStore = (
  store: Pick<EventStore, 'append' | 'readStream'>,
  db: Database,
  pending: PendingDetails | undefined,
): Pick<EventStore, 'append' | 'readStream'> => ({
  readStream: (streamId, options) => store.readStream(streamId, options),
  append: (streamId, events, options) =>
    db.transaction(async (tx) => {
      const result = await store.append(streamId, events, { ...options, tx });
      await writeRows(tx, events, pending);
      return result;
    }),
});

export const createNoticeDetails = async ({
  store,
  db,
  now = () => new Date(),
}: NoticeDetailsOptions): Promise<NoticeDetailsApi> => {
  await ensureNoticeDetailsSchema(db);
  const checked = contractCheckedStore(store);

  const handle = async (command: NoticeDetailsCommand, pending?: PendingDetails) => {
    const handler = createCommandHandler(
      rowWritingStore(checked, db, pending),
      noticeDetailsDecider,
    );
    await handler.handle(noticeDetailsStreamOf(command.mailboxId), command);
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
