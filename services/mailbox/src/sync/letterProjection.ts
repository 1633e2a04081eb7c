import { notifyOnCommit, type SqlExecutor } from '@digital-post/event-store';
import type { AppendedEvent } from '@digital-post/service-kit';
import { TRASH } from '../folders/systemFolders.ts';

/** Notified after each commit that changed a mailbox; the change notifier listens. */
export const MAILBOX_CHANGED_CHANNEL = 'mailbox_changed';

/** The next change number of a mailbox: its rows are locked until the transaction ends. */
const nextChange = async (tx: SqlExecutor, mailboxId: string): Promise<number> => {
  const rows = await tx.query<{ last_change: string | number }>(
    `insert into mailbox.change_counters (mailbox_id, last_change) values ($1, 1)
     on conflict (mailbox_id) do update set last_change = change_counters.last_change + 1
     returning last_change`,
    [mailboxId],
  );
  return Number(rows[0]!.last_change);
};

const insertLetter = `
  insert into mailbox.letters (mailbox_id, message_id, direction, folder_id, is_read, version,
    thread_id, sender_id, recipient_id, legal_notification, reply_allowed, received_at,
    created_change, updated_change)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
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
      return [null, null, true];
    default:
      return [null, null, false];
  }
};

// Every event, an open included, gives the letter a new version (its ETag): clients must learn
// of it, so it counts as an update in the change feed.
const updateLetter = `
  update mailbox.letters
     set version = $3, updated_change = $4,
         folder_id = coalesce($5::text, folder_id),
         is_read = coalesce($6::boolean, is_read),
         destroyed_change = case when $7::boolean then $4 else destroyed_change end
   where mailbox_id = $1 and message_id = $2 and version < $3`;

const letterInsertParams = (event: AppendedEvent, change: number): unknown[] | undefined => {
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
    ];
  }
  return undefined;
};

const applyToLetter = async (tx: SqlExecutor, event: AppendedEvent, change: number) => {
  const inserted = letterInsertParams(event, change);
  if (inserted) return void (await tx.query(insertLetter, inserted));
  await tx.query(updateLetter, [
    event.data.mailboxId,
    event.data.messageId,
    event.streamVersion,
    change,
    ...rowChange(event),
  ]);
};

/**
 * The letters of each mailbox with a change counter per mailbox, for listings and the change
 * feed. Runs in the appending transaction; a version check makes a repeated event harmless.
 * Folder events only advance the counter, so clients watching the mailbox hear of them.
 */
export const projectLetters = async (tx: SqlExecutor, events: AppendedEvent[]): Promise<void> => {
  const mailboxId = events[0]?.data.mailboxId;
  if (typeof mailboxId !== 'string') return;
  const change = await nextChange(tx, mailboxId);
  for (const event of events) {
    if (typeof event.data.messageId === 'string') await applyToLetter(tx, event, change);
  }
  // No payload: listeners re-read the counters, and a CPR in a notification would be one more copy.
  await notifyOnCommit(tx, MAILBOX_CHANGED_CHANNEL);
};
