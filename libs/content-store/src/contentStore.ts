import type { Database, SqlExecutor } from '@digital-post/event-store';
import { LetterContentConflict } from './errors.ts';
import { letterDigest, sha256Hex, type LetterContent, type StoredFile } from './letterContent.ts';
import { ensureContentSchema } from './schema.ts';

export interface ContentStore {
  /**
   * Stored once by SHA-256; storing the same bytes again answers alike. Bytes only: a file's
   * media type and name are what the letter that refers to it says (its `LetterFile`), never
   * the bytes': one sender's label must not decide how another's letter is shown, and the
   * answer must not tell whether someone stored these bytes before.
   */
  putFile(bytes: Buffer, tx?: SqlExecutor): Promise<StoredFile>;
  getFile(sha256: string): Promise<(StoredFile & { bytes: Buffer }) | undefined>;
  /** Idempotent for identical content; other content for a stored id throws LetterContentConflict. */
  putLetter(
    messageId: string,
    letter: LetterContent,
    tx?: SqlExecutor,
  ): Promise<{ contentSha256: string }>;
  getLetter(messageId: string): Promise<LetterContent | undefined>;
  /** Several letters in one query (a listing page), by message id; missing ids are absent. */
  getLetters(messageIds: readonly string[]): Promise<Map<string, LetterContent>>;
}

interface FileRow {
  sha256: string;
  size_bytes: string | number;
  bytes?: Uint8Array;
}

/**
 * Letter content and document files, outside the events: the bus carries only digests. Pass a
 * `tx` to store content in the same transaction as the event that refers to it.
 */
export const createContentStore = async (db: Database): Promise<ContentStore> => {
  await ensureContentSchema(db);
  return {
    putFile: (bytes, tx = db) => putFile(tx, bytes),
    getFile: (sha256) => getFile(db, sha256),
    putLetter: (messageId, letter, tx = db) => putLetter(tx, messageId, letter),
    getLetter: async (messageId) => {
      const rows = await db.query<{ content: LetterContent }>(
        'select content from content.letters where message_id = $1',
        [messageId],
      );
      return rows[0]?.content;
    },
    getLetters: async (messageIds) => {
      const rows = await db.query<{ message_id: string; content: LetterContent }>(
        'select message_id, content from content.letters where message_id = any($1::text[])',
        [messageIds],
      );
      return new Map(rows.map((row) => [row.message_id, row.content]));
    },
  };
};

// Rows stored before files were bytes only hold their first writer's type; nothing reads it.
const UNLABELLED = 'application/octet-stream';

const putFile = async (tx: SqlExecutor, bytes: Buffer): Promise<StoredFile> => {
  const sha256 = sha256Hex(bytes);
  const rows = await tx.query<FileRow>(
    `with inserted as (
       insert into content.files (sha256, mime_type, size_bytes, bytes) values ($1, $2, $3, $4)
       on conflict (sha256) do nothing
       returning sha256, size_bytes)
     select * from inserted
     union all
     select sha256, size_bytes from content.files where sha256 = $1`,
    [sha256, UNLABELLED, bytes.length, bytes],
  );
  return toStoredFile(rows[0] ?? (await storedFileRow(tx, sha256)));
};

/**
 * A concurrent writer of the same bytes can commit after this statement's snapshot was taken:
 * then neither branch above saw a row, and a fresh statement does.
 */
const storedFileRow = async (tx: SqlExecutor, sha256: string): Promise<FileRow> => {
  const rows = await tx.query<FileRow>(
    'select sha256, size_bytes from content.files where sha256 = $1',
    [sha256],
  );
  return rows[0]!;
};

const getFile = async (db: SqlExecutor, sha256: string) => {
  const rows = await db.query<FileRow>(
    'select sha256, size_bytes, bytes from content.files where sha256 = $1',
    [sha256],
  );
  const row = rows[0];
  if (!row?.bytes) return undefined;
  return { ...toStoredFile(row), bytes: Buffer.from(row.bytes) };
};

const toStoredFile = (row: FileRow): StoredFile => ({
  sha256: row.sha256,
  sizeBytes: Number(row.size_bytes),
});

const putLetter = async (tx: SqlExecutor, messageId: string, letter: LetterContent) => {
  const contentSha256 = letterDigest(letter);
  const rows = await tx.query<{ content_sha256: string }>(
    `with inserted as (
       insert into content.letters (message_id, content_sha256, content) values ($1, $2, $3)
       on conflict (message_id) do nothing
       returning content_sha256)
     select content_sha256 from inserted
     union all
     select content_sha256 from content.letters where message_id = $1`,
    [messageId, contentSha256, JSON.stringify(letter)],
  );
  const stored = rows[0]?.content_sha256 ?? (await storedLetterDigest(tx, messageId));
  if (stored !== contentSha256) throw new LetterContentConflict(messageId, stored, contentSha256);
  return { contentSha256 };
};

// As for files: a concurrent first writer may commit after this statement's snapshot.
const storedLetterDigest = async (tx: SqlExecutor, messageId: string): Promise<string> => {
  const rows = await tx.query<{ content_sha256: string }>(
    'select content_sha256 from content.letters where message_id = $1',
    [messageId],
  );
  return rows[0]!.content_sha256;
};
