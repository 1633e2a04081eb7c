import { notifyOnCommit, type SqlExecutor } from '@digital-post/event-store';
import type { AppendedEvent } from '@digital-post/service-kit';
import { TRASH } from '../folders/systemFolders.ts';

/** Notified after each commit that changed a mailbox; the change notifier listens. */
export const MAILBOX_CHANGED_CHANNEL = 'mailbox_changed';

/**
 * The next change number of each mailbox: their rows are locked until the transaction ends, in
 * one order (sorted), so two writers of several mailboxes cannot deadlock.
 */
const nextChanges = async (tx: SqlExecutor, mailboxIds: string[]): Promise<Map<string, number>> => {
  const rows = await tx.query<{ mailbox_id: string; last_change: string | number }>(
    `insert into mailbox.change_counters (mailbox_id, last_change)
     select mailbox_id, 1 from unnest($1::text[]) as mailbox_id
     on conflict (mailbox_id) do update set last_change = change_counters.last_change + 1
     returning mailbox_id, last_change`,
    [[...new Set(mailboxIds)].sort()],
  );
  return new Map(rows.map((row) => [row.mailbox_id, Number(row.last_change)]));
};

// Every new letter of an append, or of a batch, in one statement.
const insertLetters = `
  insert into mailbox.letters (mailbox_id, message_id, direction, folder_id, is_read, version,
    thread_id, sender_id, recipient_id, legal_notification, reply_allowed, received_at,
    created_change, title, updated_change)
  select *, created_change
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::integer[],
                $7::text[], $8::text[], $9::text[], $10::boolean[], $11::boolean[],
                $12::timestamptz[], $13::bigint[], $14::text[])
      as l(mailbox_id, message_id, direction, folder_id, is_read, version, thread_id, sender_id,
           recipient_id, legal_notification, reply_allowed, received_at, created_change, title)
  on conflict (mailbox_id, message_id) do nothing`;

/** What an event changes in the letter's row besides version and change: folder, read, gone. */
const rowChange = (event: AppendedEvent): [string | null, boolean | null, boolean] => {
  switch (event.type) {
    case 'MessageMoved':
      return [String(event.data.toFolderId), null, false];
    case 'MessageDeleted':
      return [TRASH, null, false];
    case 'MessageMarkedRead':
      return [null, true, false];
    case 'MessageMarkedUnread':
      return [null, false, false];
    case 'MessagePermanentlyDeleted':
    case 'MessageWithdrawn':
      return [null, null, true];
    default:
      return [null, null, false];
  }
};

// Every event, an open included, gives the letter a new version (its ETag): clients must learn
// of it, so it counts as an update in the change feed. A letter deleted for good, or withdrawn
// by an operator, keeps its row for the change feed, but not its title: that is content, and
// the owner asked it gone, or it was never theirs.
const updateLetter = `
  update mailbox.letters
     set version = $3, updated_change = $4,
         folder_id = coalesce($5::text, folder_id),
         is_read = coalesce($6::boolean, is_read),
         destroyed_change = case when $7::boolean then $4 else destroyed_change end,
         title = case when $7::boolean then null else title end
   where mailbox_id = $1 and message_id = $2 and version < $3`;

const isNewLetter = (event: AppendedEvent): boolean =>
  event.type === 'MessageDelivered' || event.type === 'MessageWritten';

const letterInsertParams = (
  event: AppendedEvent,
  change: number,
  title: string | null,
): unknown[] | undefined => {
  const d = event.data;
  if (event.type === 'MessageDelivered') {
    return [
      d.mailboxId,
      d.messageId,
      'incoming',
      'inbox',
      false,
      event.streamVersion,
      d.threadId ?? d.messageId,
      d.senderId,
      null,
      d.legalNotification,
      d.replyAllowed,
      d.deliveredAt,
      change,
      title,
    ];
  }
  if (event.type === 'MessageWritten') {
    return [
      d.mailboxId,
      d.messageId,
      'outgoing',
      'sent',
      true,
      event.streamVersion,
      d.threadId,
      d.mailboxId,
      d.recipientMailboxId,
      false,
      false,
      d.writtenAt,
      change,
      title,
    ];
  }
  return undefined;
};

const updateOf = (event: AppendedEvent, change: number): unknown[] => [
  event.data.mailboxId,
  event.data.messageId,
  event.streamVersion,
  change,
  ...rowChange(event),
];

/** Rows by column, as unnest takes them. */
const columnsOf = (rows: unknown[][]): unknown[][] =>
  rows[0]!.map((_, column) => rows.map((row) => row[column]));

/** Told of mailboxes whose letters changed in this process, once the change has committed. */
export type MailboxesChanged = (mailboxIds: Iterable<string>) => void;

/** Letters' titles by message id, from where their content is kept, in the transaction given. */
export type TitlesOf = (tx: SqlExecutor, messageIds: string[]) => Promise<Map<string, string>>;

const titlesOfNew = (tx: SqlExecutor, events: AppendedEvent[], titlesOf: TitlesOf) => {
  const ids = events.filter(isNewLetter).map((event) => String(event.data.messageId));
  return ids.length === 0 ? new Map<string, string>() : titlesOf(tx, ids);
};

/**
 * The letters of each mailbox with a change counter per mailbox, for listings and the change
 * feed: a row holds all a listing shows, the title included (read from the content store as the
 * letter arrives), so listing a mailbox reads this table alone. Runs in the appending
 * transaction; a version check makes a repeated event harmless. Folder events only advance the
 * counter, so clients watching the mailbox hear of them.
 */
export const lettersProjection =
  (titlesOf: TitlesOf, changed: MailboxesChanged = () => undefined) =>
  async (tx: SqlExecutor, events: AppendedEvent[]): Promise<void> => {
    const mine = events.filter((event) => typeof event.data.mailboxId === 'string');
    if (mine.length === 0) return;
    const changes = await nextChanges(
      tx,
      mine.map((event) => String(event.data.mailboxId)),
    );
    // What this process keeps of these mailboxes goes once the change is there to be read.
    if (tx.afterCommit) tx.afterCommit(() => changed(changes.keys()));
    else changed(changes.keys());
    const titles = await titlesOfNew(tx, mine, titlesOf);
    await projectRows(tx, mine, changes, titles);
    // No payload: listeners re-read the counters, and a CPR in a notification would be one more copy.
    await notifyOnCommit(tx, MAILBOX_CHANGED_CHANNEL);
  };

const projectRows = async (
  tx: SqlExecutor,
  events: AppendedEvent[],
  changes: Map<string, number>,
  titles: Map<string, string>,
): Promise<void> => {
  const inserts: unknown[][] = [];
  for (const event of events) {
    if (typeof event.data.messageId !== 'string') continue;
    const change = changes.get(String(event.data.mailboxId))!;
    const title = titles.get(event.data.messageId) ?? null;
    const inserted = letterInsertParams(event, change, title);
    // New letters go in together; an update first lets in those before it (it may be of one).
    if (inserted) inserts.push(inserted);
    else {
      if (inserts.length > 0) await tx.query(insertLetters, columnsOf(inserts.splice(0)));
      await tx.query(updateLetter, updateOf(event, change));
    }
  }
  if (inserts.length > 0) await tx.query(insertLetters, columnsOf(inserts));
};
