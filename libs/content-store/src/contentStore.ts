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
  /** Many files in one statement, as `putFile` stores one; answers in the order given. */
  putFiles(files: readonly Buffer[], tx?: SqlExecutor): Promise<StoredFile[]>;
  getFile(sha256: string): Promise<(StoredFile & { bytes: Buffer }) | undefined>;
  /** Idempotent for identical content; other content for a stored id throws LetterContentConflict. */
  putLetter(
    messageId: string,
    letter: LetterContent,
    tx?: SqlExecutor,
  ): Promise<{ contentSha256: string }>;
  /** Many letters in one statement (two when some were stored before), as `putLetter`. */
  putLetters(
    letters: ReadonlyArray<{ messageId: string; letter: LetterContent }>,
    tx?: SqlExecutor,
  ): Promise<Array<{ contentSha256: string }>>;
  getLetter(messageId: string): Promise<LetterContent | undefined>;
  /** Several letters in one query (a listing page), by message id; missing ids are absent. */
  getLetters(messageIds: readonly string[]): Promise<Map<string, LetterContent>>;
  /**
   * The titles alone, by message id, for read models that show them (a mailbox's listing);
   * `tx` sees content stored in the same, uncommitted transaction.
   */
  getTitles(messageIds: readonly string[], tx?: SqlExecutor): Promise<Map<string, string>>;
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
    putFile: async (bytes, tx = db) => (await putFiles(tx, [bytes]))[0]!,
    putFiles: (files, tx = db) => putFiles(tx, files),
    getFile: (sha256) => getFile(db, sha256),
    putLetter: async (messageId, letter, tx = db) =>
      (await putLetters(tx, [{ messageId, letter }]))[0]!,
    putLetters: (letters, tx = db) => putLetters(tx, letters),
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
    getTitles: async (messageIds, tx = db) => {
      const rows = await tx.query<{ message_id: string; title: string }>(
        `select message_id, content->>'title' as title from content.letters
          where message_id = any($1::text[])`,
        [messageIds],
      );
      return new Map(rows.map((row) => [row.message_id, row.title]));
    },
  };
};

// Rows stored before files were bytes only hold their first writer's type; nothing reads it.
const UNLABELLED = 'application/octet-stream';

/**
 * What is answered follows from the bytes alone (their digest and length), so it is the same
 * whether these bytes were stored now, before, or by a concurrent writer.
 */
const putFiles = async (tx: SqlExecutor, files: readonly Buffer[]): Promise<StoredFile[]> => {
  const stored = files.map((bytes) => ({
    sha256: sha256Hex(bytes),
    sizeBytes: bytes.length,
    bytes,
  }));
  const distinct = [...new Map(stored.map((file) => [file.sha256, file])).values()];
  if (distinct.length > 0) {
    await tx.query(
      `insert into content.files (sha256, mime_type, size_bytes, bytes)
       select sha256, $2, size_bytes, bytes from unnest($1::text[], $3::bigint[], $4::bytea[])
         as f(sha256, size_bytes, bytes)
       on conflict (sha256) do nothing`,
      [
        distinct.map((file) => file.sha256),
        UNLABELLED,
        distinct.map((file) => file.sizeBytes),
        distinct.map((file) => file.bytes),
      ],
    );
  }
  return stored.map(({ sha256, sizeBytes }) => ({ sha256, sizeBytes }));
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

/**
 * Inserts what is new; a message id stored before (or by a concurrent writer, committed after this
 * statement's snapshot) is read again, and must hold the same content.
 */
const putLetters = async (
  tx: SqlExecutor,
  letters: ReadonlyArray<{ messageId: string; letter: LetterContent }>,
): Promise<Array<{ contentSha256: string }>> => {
  const digests = letters.map(({ letter }) => letterDigest(letter));
  const inserted = await tx.query<{ message_id: string }>(
    // The contents as one JSON array, taken apart by ordinality: one text for V8 to write and the
    // server to parse, where an array of JSON texts is escaped by the client and parsed twice.
    `insert into content.letters (message_id, content_sha256, content)
     select l.message_id, l.content_sha256, $3::jsonb -> (l.n - 1)::int
       from unnest($1::text[], $2::text[]) with ordinality as l(message_id, content_sha256, n)
      order by l.n
     on conflict (message_id) do nothing
     returning message_id`,
    [
      letters.map((entry) => entry.messageId),
      digests,
      JSON.stringify(letters.map((entry) => entry.letter)),
    ],
  );
  const mine = new Set(inserted.map((row) => row.message_id));
  const earlier = letters.filter((entry) => !mine.has(entry.messageId));
  const stored = await storedLetterDigests(
    tx,
    earlier.map((entry) => entry.messageId),
  );
  // A message id given twice was inserted by its first occurrence.
  const first = new Map<string, string>();
  letters.forEach(({ messageId }, index) =>
    first.set(messageId, first.get(messageId) ?? digests[index]!),
  );
  return letters.map(({ messageId }, index) => {
    const contentSha256 = digests[index]!;
    const found = mine.has(messageId) ? first.get(messageId) : stored.get(messageId);
    if (found !== contentSha256)
      throw new LetterContentConflict(messageId, found ?? '', contentSha256);
    return { contentSha256 };
  });
};

const storedLetterDigests = async (
  tx: SqlExecutor,
  messageIds: string[],
): Promise<Map<string, string>> => {
  if (messageIds.length === 0) return new Map();
  const rows = await tx.query<{ message_id: string; content_sha256: string }>(
    'select message_id, content_sha256 from content.letters where message_id = any($1::text[])',
    [messageIds],
  );
  return new Map(rows.map((row) => [row.message_id, row.content_sha256]));
};
