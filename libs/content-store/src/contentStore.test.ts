import { openPgDatabase, openPgliteDatabase, type Database } from '@digital-post/event-store';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentStore, type ContentStore } from './contentStore.ts';
import { LetterContentConflict } from './errors.ts';
import { sha256Hex, type LetterContent } from './letterContent.ts';

const pdf = Buffer.from('%PDF-1.7 a letter about your tax');

const letter = (title = 'Your tax statement'): LetterContent => ({
  title,
  notificationText: 'New post from the tax agency',
  documents: [
    {
      documentId: 'doc-1',
      role: 'main',
      title: 'Statement',
      files: [
        {
          fileId: 'file-1',
          name: 'statement.pdf',
          mimeType: 'application/pdf',
          sha256: sha256Hex(pdf),
          sizeBytes: pdf.length,
        },
      ],
    },
  ],
  actions: [{ kind: 'payment', label: 'Pay', url: 'https://pay.example.dk/1' }],
  reply: { allowed: true, replyByDateTime: '2030-01-01T00:00:00.000Z' },
});

const engines: Array<[string, () => Promise<{ db: Database; done(): Promise<void> }>]> = [
  [
    'PGlite',
    async () => {
      const db = await openPgliteDatabase();
      return { db, done: () => db.close() };
    },
  ],
  [
    'PostgreSQL server',
    async () => {
      const test: TestDatabase = await createTestDatabase('content_store');
      const db = openPgDatabase({ connectionString: test.url, poolSize: 4 });
      return { db, done: async () => (await db.close(), await test.drop()) };
    },
  ],
];

describe.each(engines)('content store on %s', (_engine, open) => {
  let db: Database;
  let done: () => Promise<void>;
  let store: ContentStore;

  beforeAll(async () => {
    ({ db, done } = await open());
    store = await createContentStore(db);
    await createContentStore(db); // opening twice finds the schema in place
  });
  afterAll(() => done());

  it('stores a file once by its SHA-256 and gives back the same bytes', async () => {
    const first = await store.putFile(pdf);
    const again = await store.putFile(pdf);
    expect(first).toEqual({ sha256: sha256Hex(pdf), sizeBytes: pdf.length });
    expect(again).toEqual(first);
    const read = await store.getFile(first.sha256);
    expect(read?.bytes.equals(pdf)).toBe(true);
    expect(Buffer.isBuffer(read?.bytes)).toBe(true);
    const count = await db.query<{ n: number }>('select count(*)::int as n from content.files');
    expect(count[0]?.n).toBe(1);
  });

  it('keeps every byte value of a binary file', async () => {
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const stored = await store.putFile(binary);
    expect((await store.getFile(stored.sha256))?.bytes.equals(binary)).toBe(true);
  });

  it('answers undefined for unknown files and letters', async () => {
    expect(await store.getFile(sha256Hex('nothing'))).toBeUndefined();
    expect(await store.getLetter('no-such-message')).toBeUndefined();
  });

  it('stores a letter idempotently and refuses other content for the same id', async () => {
    const first = await store.putLetter('m-1', letter());
    const { title, ...rest } = letter();
    expect(await store.putLetter('m-1', { ...rest, title })).toEqual(first); // keys reordered
    await expect(store.putLetter('m-1', letter('Another title'))).rejects.toBeInstanceOf(
      LetterContentConflict,
    );
    expect(await store.getLetter('m-1')).toEqual(letter());
  });

  it('stores many files and letters at once, as one at a time would', async () => {
    const files = [Buffer.from('one'), Buffer.from('two'), Buffer.from('one')];
    const stored = await store.putFiles(files);
    expect(stored).toEqual(files.map((bytes) => ({ sha256: sha256Hex(bytes), sizeBytes: 3 })));
    expect((await store.getFile(stored[1]!.sha256))?.bytes.toString()).toBe('two');
    await store.putLetter('m-many-1', letter('Before'));
    const answers = await store.putLetters([
      { messageId: 'm-many-1', letter: letter('Before') },
      { messageId: 'm-many-2', letter: letter('New') },
    ]);
    expect(answers).toEqual([
      await store.putLetter('m-many-1', letter('Before')),
      await store.putLetter('m-many-2', letter('New')),
    ]);
    await expect(
      store.putLetters([
        { messageId: 'm-many-3', letter: letter('One') },
        { messageId: 'm-many-3', letter: letter('Another') },
      ]),
    ).rejects.toBeInstanceOf(LetterContentConflict);
    await expect(
      store.putLetters([{ messageId: 'm-many-2', letter: letter('Changed') }]),
    ).rejects.toBeInstanceOf(LetterContentConflict);
  });

  it('gives back a page of letters in one lookup, leaving out unknown ids', async () => {
    await store.putLetter('m-page-1', letter('First'));
    await store.putLetter('m-page-2', letter('Second'));
    const page = await store.getLetters(['m-page-1', 'm-page-2', 'm-page-unknown']);
    expect([...page.keys()].sort()).toEqual(['m-page-1', 'm-page-2']);
    expect(page.get('m-page-2')?.title).toBe('Second');
    expect((await store.getLetters([])).size).toBe(0);
  });

  it('gives back titles alone, those stored in the same transaction included', async () => {
    await store.putLetter('m-title-1', letter('Årsopgørelse 2026'));
    const titles = await db.transaction(async (tx) => {
      await store.putLetter('m-title-2', letter('Pending'), tx);
      return store.getTitles(['m-title-1', 'm-title-2', 'm-title-unknown'], tx);
    });
    expect([...titles].sort()).toEqual([
      ['m-title-1', 'Årsopgørelse 2026'],
      ['m-title-2', 'Pending'],
    ]);
  });

  it('writes nothing when the caller transaction rolls back', async () => {
    const bytes = Buffer.from('rolled back');
    await expect(
      db.transaction(async (tx) => {
        await store.putFile(bytes, tx);
        await store.putLetter('m-rollback', letter(), tx);
        throw new Error('the append failed');
      }),
    ).rejects.toThrow('the append failed');
    expect(await store.getFile(sha256Hex(bytes))).toBeUndefined();
    expect(await store.getLetter('m-rollback')).toBeUndefined();
  });

  it('commits content written in a caller transaction', async () => {
    const bytes = Buffer.from('committed');
    await db.transaction(async (tx) => {
      await store.putFile(bytes, tx);
      await store.putLetter('m-commit', letter('Committed'), tx);
    });
    expect((await store.getFile(sha256Hex(bytes)))?.sizeBytes).toBe(bytes.length);
    expect((await store.getLetter('m-commit'))?.title).toBe('Committed');
  });
});
