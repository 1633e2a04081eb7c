import type { LetterContent, LetterSummary, ListQuery } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';
import { InvalidTokenError } from '../shared/errors.ts';

interface LetterRow {
  message_id: string;
  thread_id: string;
  direction: 'incoming' | 'outgoing';
  folder_id: string;
  is_read: boolean;
  sender_id: string | null;
  recipient_id: string | null;
  legal_notification: boolean;
  reply_allowed: boolean;
  /** As toISOString writes it: formatted by the database, so no Date is made per row. */
  received_iso: string;
  version: number;
  /** Null on rows projected before titles were kept here. */
  title: string | null;
}

/** The letters' content for a page of message ids, in one lookup. */
type ContentsOf = (messageIds: string[]) => Promise<Map<string, LetterContent>>;

/** Newest first; the cursor is the position of the last letter shown, opaque to clients. */
const encodeCursor = (row: LetterRow): string =>
  Buffer.from(JSON.stringify([row.received_iso, row.message_id])).toString('base64url');

// Exactly what `encodeCursor` writes: a time as toISOString gives it (which PostgreSQL reads as
// meant, unlike much that Date.parse accepts) and a letter id of the ids' alphabet.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LETTER_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const isPosition = ([time, messageId]: [string, string]): boolean =>
  ISO_UTC.test(time) &&
  !Number.isNaN(Date.parse(time)) &&
  new Date(time).toISOString() === time &&
  time >= '0001' &&
  LETTER_ID.test(messageId);

const decodeCursor = (cursor: string): [string, string] => {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const ok =
      Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');
    if (ok && isPosition(value as [string, string])) return value as [string, string];
  } catch {
    // falls through to the refusal below
  }
  throw new InvalidTokenError('cursor');
};

// Times are kept to the millisecond (they come from JavaScript), which is all toISOString shows.
const columns = `message_id, thread_id, direction, folder_id, is_read, sender_id, recipient_id,
  legal_notification, reply_allowed, version, title,
  to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_iso`;

export const toSummary = (row: LetterRow, contents: Map<string, LetterContent>): LetterSummary => ({
  messageId: row.message_id,
  threadId: row.thread_id,
  direction: row.direction,
  folderId: row.folder_id,
  read: row.is_read,
  senderId: row.sender_id,
  recipientId: row.recipient_id,
  legalNotification: row.legal_notification,
  replyAllowed: row.reply_allowed,
  receivedAt: row.received_iso,
  version: Number(row.version),
  title: row.title ?? contents.get(row.message_id)?.title ?? null,
});

/** Titles the read model does not hold yet (rows from before it did), from the content store. */
const missingTitles = (rows: LetterRow[], contentsOf: ContentsOf) => {
  const missing = rows.filter((row) => row.title === null).map((row) => row.message_id);
  return missing.length === 0 ? new Map<string, LetterContent>() : contentsOf(missing);
};

/**
 * A page and the mailbox's state token in one statement: the counter row, with the page's
 * letters beside it (none when the mailbox is empty or new).
 */
const pageQuery = `
  select c.state, l.*
    from (select coalesce((select last_change from mailbox.change_counters
                            where mailbox_id = $1), 0) as state) c
    left join lateral (
      select ${columns} from mailbox.letters
       where mailbox_id = $1 and folder_id = $2 and destroyed_change is null
         and (not $3::boolean or not is_read)
         and ($4::timestamptz is null or (received_at, message_id) < ($4::timestamptz, $5::text))
       order by received_at desc, message_id desc limit $6) l on true
   order by l.received_iso desc, l.message_id desc`;

export const listLetters = async (
  db: SqlExecutor,
  contentsOf: ContentsOf,
  mailboxId: string,
  { folderId = 'inbox', unreadOnly = false, cursor, limit = 50 }: ListQuery,
): Promise<{ messages: LetterSummary[]; nextCursor: string | null; state: string }> => {
  const [afterTime, afterId] = cursor === undefined ? [null, null] : decodeCursor(cursor);
  const result = await db.query<LetterRow & { state: string | number }>(pageQuery, [
    mailboxId,
    folderId,
    unreadOnly,
    afterTime,
    afterId,
    limit + 1,
  ]);
  const rows = result.filter((row) => row.message_id !== null);
  const page = rows.slice(0, limit);
  const contents = await missingTitles(page, contentsOf);
  return {
    messages: page.map((row) => toSummary(row, contents)),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
    state: String(result[0]!.state),
  };
};

export const findLetter = async (
  db: SqlExecutor,
  contentsOf: ContentsOf,
  mailboxId: string,
  messageId: string,
): Promise<LetterSummary | undefined> => {
  const rows = await db.query<LetterRow>(
    `select ${columns} from mailbox.letters
      where mailbox_id = $1 and message_id = $2 and destroyed_change is null`,
    [mailboxId, messageId],
  );
  return rows[0] && toSummary(rows[0], await contentsOf([messageId]));
};
