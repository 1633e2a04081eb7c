import { appendFile, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileRegisterFeed, MAX_LINE_BYTES, writeRegisterBatch } from './fileRegisterFeed.ts';
import { parseRegisterLine, type RegisterEvent } from './registerEvent.ts';
import type { FeedCursor, FeedEntry, RegisterFeed } from './registerFeed.ts';

/** A valid CPR number for each n: DDMMYY of a day in 1950, then a serial. */
const cprNumber = (n: number): string =>
  `${String(1 + (n % 28)).padStart(2, '0')}${String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')}50${String(Math.floor(n / 336)).padStart(4, '0')}`;

const born = (n: number): RegisterEvent => ({
  id: `e-${n}`,
  register: 'population',
  type: 'born',
  cpr: cprNumber(n),
  birthDate: '2010-01-01',
});

const bornLine = (n: number): string => JSON.stringify(born(n));

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

/** Everything from `after` on, `max` entries at a time, each read resuming from the last. */
const readAll = async (feed: RegisterFeed, max: number, after: FeedCursor | null = null) => {
  const all: FeedEntry[] = [];
  let cursor = after;
  for (;;) {
    const entries = await feed.read(cursor, max);
    expect(entries.length).toBeLessThanOrEqual(max);
    if (entries.length === 0) return all;
    all.push(...entries);
    cursor = entries[entries.length - 1]!.cursor;
  }
};

const idsOf = (entries: FeedEntry[]): string[] =>
  entries.map((entry) => {
    const parsed = parseRegisterLine(entry.line);
    if (!parsed.ok) throw new Error(`unexpected bad line ${entry.line}`);
    return parsed.event.id;
  });

const ids = (numbers: number[]): string[] => numbers.map((n) => `e-${n}`);

describe('the file register feed', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dp-register-feed-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('reads a directory that does not exist as empty, and what arrives there later', async () => {
    const feed = createFileRegisterFeed(join(directory, 'cpr'));
    expect(feed.name).toBe('file:cpr');
    expect(await feed.read(null, 10)).toEqual([]);
    await writeRegisterBatch(join(directory, 'cpr'), '2024-03-01', [born(1)]);
    expect(idsOf(await feed.read(null, 10))).toEqual(ids([1]));
  });

  it('reads batches in the order of their names, lines in order, blank lines counted', async () => {
    await writeRegisterBatch(directory, '2024-03-10', [born(4)]);
    await writeRegisterBatch(directory, '2024-03-02', [bornLine(1), '', '   ', bornLine(2)]);
    await writeRegisterBatch(directory, '2024-03-09', [born(3)]);
    const entries = await createFileRegisterFeed(directory, 'cpr').read(null, 10);
    expect(
      entries.map(({ batchId, lineNumber, cursor }) => ({ batchId, lineNumber, cursor })),
    ).toEqual([
      { batchId: '2024-03-02', lineNumber: 1, cursor: { file: '2024-03-02.ndjson', line: 1 } },
      { batchId: '2024-03-02', lineNumber: 4, cursor: { file: '2024-03-02.ndjson', line: 4 } },
      { batchId: '2024-03-09', lineNumber: 1, cursor: { file: '2024-03-09.ndjson', line: 1 } },
      { batchId: '2024-03-10', lineNumber: 1, cursor: { file: '2024-03-10.ndjson', line: 1 } },
    ]);
    expect(entries[0]!.line).toBe(bornLine(1));
    expect(idsOf(entries)).toEqual(ids([1, 2, 3, 4]));
  });

  it('returns at most max entries, and bad lines like any other', async () => {
    await writeRegisterBatch(directory, 'a', [bornLine(1), '{not json', bornLine(2)]);
    const feed = createFileRegisterFeed(directory);
    const first = await feed.read(null, 2);
    expect(first.map((entry) => entry.line)).toEqual([bornLine(1), '{not json']);
    expect(await feed.read(first[1]!.cursor, 2)).toMatchObject([{ lineNumber: 3 }]);
  });

  it('resumes from every cursor exactly, in this process and in a new one', async () => {
    await writeRegisterBatch(directory, 'a', range(0, 5).map(born));
    await writeRegisterBatch(directory, 'b', ['', bornLine(5), '', bornLine(6), '']);
    await writeRegisterBatch(directory, 'c', []);
    await writeRegisterBatch(directory, 'd', range(7, 12).map(born));
    const feed = createFileRegisterFeed(directory);
    const all = await feed.read(null, 100);
    expect(idsOf(all)).toEqual(ids(range(0, 12)));
    for (const [i, entry] of all.entries()) {
      const rest = idsOf(all.slice(i + 1));
      expect(idsOf(await feed.read(entry.cursor, 100))).toEqual(rest);
      expect(idsOf(await createFileRegisterFeed(directory).read(entry.cursor, 100))).toEqual(rest);
    }
    for (const max of [1, 2, 3, 5, 11]) {
      expect(idsOf(await readAll(createFileRegisterFeed(directory), max))).toEqual(
        ids(range(0, 12)),
      );
    }
  });

  it('resumes from a cursor on a blank line, at the end of a file, or in a file gone since', async () => {
    await writeRegisterBatch(directory, 'a', [bornLine(1), '', '']);
    await writeRegisterBatch(directory, 'b', [bornLine(2)]);
    const feed = createFileRegisterFeed(directory);
    expect(idsOf(await feed.read({ file: 'a.ndjson', line: 2 }, 10))).toEqual(ids([2]));
    expect(idsOf(await feed.read({ file: 'a.ndjson', line: 3 }, 10))).toEqual(ids([2]));
    await rm(join(directory, 'a.ndjson'));
    expect(idsOf(await feed.read({ file: 'a.ndjson', line: 1 }, 10))).toEqual(ids([2]));
  });

  it('ignores files that are not batches', async () => {
    await writeRegisterBatch(directory, 'b', [born(2)]);
    await writeFile(join(directory, 'a.ndjson.tmp'), `${bornLine(1)}\n`);
    await writeFile(join(directory, 'c.json'), `${bornLine(3)}\n`);
    await writeFile(join(directory, '.ndjson'), `${bornLine(4)}\n`);
    await mkdir(join(directory, 'd.ndjson'));
    expect(idsOf(await createFileRegisterFeed(directory).read(null, 10))).toEqual(ids([2]));
  });

  it('holds back a last line without its line break, and every later batch, until it ends', async () => {
    await writeFile(join(directory, 'a.ndjson'), `${bornLine(1)}\n${bornLine(2).slice(0, 20)}`);
    await writeRegisterBatch(directory, 'b', [born(3)]);
    const feed = createFileRegisterFeed(directory);
    const first = await feed.read(null, 10);
    expect(idsOf(first)).toEqual(ids([1]));
    expect(await feed.read(first[0]!.cursor, 10)).toEqual([]);
    await appendFile(join(directory, 'a.ndjson'), bornLine(2).slice(20));
    expect(await feed.read(first[0]!.cursor, 10)).toEqual([]);
    await appendFile(join(directory, 'a.ndjson'), '\n');
    expect(idsOf(await feed.read(first[0]!.cursor, 10))).toEqual(ids([2, 3]));
  });

  it('holds back a first line without its line break', async () => {
    await writeFile(join(directory, 'a.ndjson'), bornLine(1));
    expect(await createFileRegisterFeed(directory).read(null, 10)).toEqual([]);
  });

  it('goes on from the cursor in a file appended to after it was read', async () => {
    await writeRegisterBatch(directory, 'a', [born(1), born(2)]);
    const feed = createFileRegisterFeed(directory);
    const first = await feed.read(null, 10);
    expect(await feed.read(first[1]!.cursor, 10)).toEqual([]);
    await appendFile(join(directory, 'a.ndjson'), `\n${bornLine(3)}\n${bornLine(4)}\n`);
    await writeRegisterBatch(directory, 'b', [born(5)]);
    const next = await feed.read(first[1]!.cursor, 10);
    expect(idsOf(next)).toEqual(ids([3, 4, 5]));
    expect(next[0]).toMatchObject({ lineNumber: 4, cursor: { file: 'a.ndjson', line: 4 } });
  });

  it('reads lines ended by CR LF without the CR', async () => {
    await writeFile(join(directory, 'a.ndjson'), `${bornLine(1)}\r\n\r\n${bornLine(2)}\r\n`);
    const entries = await createFileRegisterFeed(directory).read(null, 10);
    expect(entries.map((entry) => [entry.lineNumber, entry.line])).toEqual([
      [1, bornLine(1)],
      [3, bornLine(2)],
    ]);
  });

  it('keeps byte positions exact across characters of several bytes', async () => {
    const lines = ['{"note":"Ærø Æbeltoft Øster Åby"}', '{"note":"🇬🇱 Nuuk"}', bornLine(1)];
    await writeRegisterBatch(directory, 'a', lines);
    const feed = createFileRegisterFeed(directory);
    const all = await feed.read(null, 10);
    expect(all.map((entry) => entry.line)).toEqual(lines);
    expect((await feed.read(all[1]!.cursor, 10)).map((entry) => entry.line)).toEqual([lines[2]]);
  });

  it('cuts a line too long to be a register event, and goes on after it', async () => {
    const long = `{"id":"e-x","padding":"${'x'.repeat(3 * MAX_LINE_BYTES)}"}`;
    await writeRegisterBatch(directory, 'a', [long, bornLine(1)]);
    const feed = createFileRegisterFeed(directory);
    const [cut, next] = await feed.read(null, 10);
    expect(Buffer.byteLength(cut!.line)).toBe(MAX_LINE_BYTES);
    expect(parseRegisterLine(cut!.line)).toMatchObject({ ok: false, reason: 'malformed-json' });
    expect(next!.line).toBe(bornLine(1));
    expect(idsOf(await feed.read(cut!.cursor, 10))).toEqual(ids([1]));
  });

  it('refuses a cursor past the end of its file: the file is not the one it was', async () => {
    await writeRegisterBatch(directory, 'a', [born(1)]);
    const feed = createFileRegisterFeed(directory);
    await expect(feed.read({ file: 'a.ndjson', line: 5 }, 10)).rejects.toThrow(/past the 1 lines/);
  });

  it('reads a batch replaced under the same name as a new file, not from stale offsets', async () => {
    await writeRegisterBatch(directory, 'a', range(0, 3000).map(born));
    const feed = createFileRegisterFeed(directory);
    await readAll(feed, 1000);
    await rm(join(directory, 'a.ndjson'));
    await writeRegisterBatch(
      directory,
      'a',
      range(0, 3000).map((n) => `{"n":${n}}`),
    );
    const again = await feed.read({ file: 'a.ndjson', line: 2500 }, 1);
    expect(again.map((entry) => entry.line)).toEqual(['{"n":2500}']);
  });

  it('seeks to where it stopped, or to a line it passed, instead of counting from the top', async () => {
    await writeRegisterBatch(directory, 'a', range(0, 5000).map(born));
    const feed = createFileRegisterFeed(directory);
    const first = await readAll(feed, 1000);
    // Blank the first line's bytes in place as line breaks: a reader counting lines from the
    // top would now be many lines off; one seeking to a known offset is not.
    const firstLineBytes = Buffer.byteLength(bornLine(0));
    const file = await open(join(directory, 'a.ndjson'), 'r+');
    await file.write(Buffer.alloc(firstLineBytes, '\n'), 0, firstLineBytes, 0);
    await file.close();
    for (const at of [2500, 4095, 1024, 4999]) {
      const resumed = await feed.read(first[at - 1]!.cursor, 1);
      expect(resumed.map((entry) => entry.line)).toEqual([bornLine(at)]);
    }
    const counted = await createFileRegisterFeed(directory).read(first[2499]!.cursor, 1);
    expect(counted.map((entry) => entry.line)).not.toEqual([bornLine(2500)]);
  });

  it('refuses bad arguments', async () => {
    const feed = createFileRegisterFeed(directory);
    await expect(feed.read(null, 0)).rejects.toThrow(RangeError);
    await expect(feed.read(null, 1.5)).rejects.toThrow(RangeError);
    await expect(feed.read({ file: 'a.ndjson', line: -1 }, 1)).rejects.toThrow(RangeError);
    await expect(feed.read({ file: '../a.ndjson', line: 0 }, 1)).rejects.toThrow(RangeError);
  });

  it('reads 200,000 lines 1,000 at a time, each exactly once', async () => {
    const total = 200_000;
    await writeRegisterBatch(directory, 'a-big', range(0, total).map(born));
    await writeRegisterBatch(directory, 'b-small', [born(total)]);
    const feed = createFileRegisterFeed(directory);
    const all = await readAll(feed, 1000);
    expect(all.length).toBe(total + 1);
    expect(all.every((entry, i) => entry.line === bornLine(i))).toBe(true);
    // A new process resumes from cursors it did not hand out, mid-file and near the end.
    for (const line of [150_001, 199_999, 200_000]) {
      const resumed = await createFileRegisterFeed(directory).read(
        { file: 'a-big.ndjson', line },
        2,
      );
      expect(resumed.map((entry) => entry.line)).toEqual(
        [line, line + 1].filter((n) => n <= total).map(bornLine),
      );
    }
  });
});

describe('writing a register batch', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dp-register-batch-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('writes one line per event, ends the last line, and leaves no temporary file', async () => {
    const path = await writeRegisterBatch(join(directory, 'new'), '2024-03-01', [born(1), 'raw']);
    expect(path).toBe(join(directory, 'new', '2024-03-01.ndjson'));
    expect(await readdir(join(directory, 'new'))).toEqual(['2024-03-01.ndjson']);
    expect((await stat(path)).size).toBe(Buffer.byteLength(`${bornLine(1)}\nraw\n`));
  });

  it('refuses a batch that exists already, and leaves it as it was', async () => {
    await writeRegisterBatch(directory, 'a', [born(1)]);
    await expect(writeRegisterBatch(directory, 'a', [born(2)])).rejects.toThrow(/exists already/);
    expect(idsOf(await createFileRegisterFeed(directory).read(null, 10))).toEqual(ids([1]));
    expect(await readdir(directory)).toEqual(['a.ndjson']);
  });

  it('refuses a batch id that is not a plain file name, and a line with a line break', async () => {
    await expect(writeRegisterBatch(directory, '../a', [])).rejects.toThrow(RangeError);
    await expect(writeRegisterBatch(directory, '.hidden', [])).rejects.toThrow(RangeError);
    await expect(writeRegisterBatch(directory, 'a', ['one\ntwo'])).rejects.toThrow(RangeError);
    expect(await readdir(directory)).toEqual([]);
  });
});
