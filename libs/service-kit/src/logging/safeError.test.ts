import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDatabase, openPgliteDatabase, type Database } from '@digital-post/event-store';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { createLogger } from './logger.ts';
import { maskedText } from './safeError.ts';

const cpr = '0101901234';
const title = 'Skattebrev til Anna';

/** The lines a logger wrote, as text, to look for what must not be there. */
const logged = (write: (log: ReturnType<typeof createLogger>) => void): string => {
  const lines: string[] = [];
  const log = createLogger({ serviceName: 'test', destination: { write: (l) => lines.push(l) } });
  write(log);
  return lines.join('');
};

/** Statements that fail on values a person gave: a clash, a bad cast, a value too long. */
const failures = (db: Database): Promise<unknown>[] => [
  db.query('insert into letters values ($1, $2)', [cpr, title]),
  db.query('select $1::int', [`${cpr} ${title}`]),
  db.query('insert into letters values ($1, $2)', [`${cpr}-x`, `${title} ${'y'.repeat(100)}`]),
  db.query('select $1::jsonb', [`{"title": "${title}\\u0000"}`]),
];

describe.each([
  ['PGlite', async () => ({ db: await openPgliteDatabase(), drop: async () => {} })],
  [
    'PostgreSQL server',
    async () => {
      const database: TestDatabase = await createTestDatabase('safe_error');
      const db = openPgDatabase({ connectionString: database.url, poolSize: 1 });
      return { db, drop: async () => (await db.close(), await database.drop()) };
    },
  ],
])('an error of the database (%s) in the log', (_, open) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await open());
    await db.query('create table letters (id text primary key, title varchar(40))');
    await db.query('insert into letters values ($1, $2)', [cpr, title]);
  });
  afterAll(() => drop());

  it('names what failed and where, never the values', async () => {
    const errors = await Promise.all(failures(db).map((failure) => failure.catch((e) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      const text = logged((log) => {
        log.error({ err: error }, 'request failed');
        log.error(error);
        log.error({ err: new Error('while delivering', { cause: error }) }, 'consumer failed');
      });
      expect(text).not.toContain(cpr);
      expect(text).not.toContain('Skattebrev');
      expect(text).not.toContain('params');
      expect(text).toContain(`"code":"${(error as { code: string }).code}"`);
      expect(text).toContain('"routine"');
    }
  });
});

describe('masked text', () => {
  it('keeps the words and drops quoted values and CPR numbers', () => {
    expect(maskedText(`invalid input syntax for type integer: "${cpr} x"`)).toBe(
      'invalid input syntax for type integer: "…"',
    );
    expect(maskedText(`Unexpected token 'S', "Skattebrev" is not valid JSON`)).toBe(
      `Unexpected token '…', "…" is not valid JSON`,
    );
    expect(maskedText(`no mailbox for 010190-1234 or ${cpr}`)).toBe(
      'no mailbox for ********** or **********',
    );
    expect(maskedText("can't read\n    at f (file.ts:1:2)\n    at 'g'")).toBe(
      "can't read\n    at f (file.ts:1:2)\n    at '…'",
    );
  });
});
