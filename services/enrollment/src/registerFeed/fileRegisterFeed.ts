import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  createLineOffsetCache,
  type FileOffsets,
  type LineOffsetCache,
  type LinePosition,
} from './lineOffsets.ts';
import type { RegisterEvent } from './registerEvent.ts';
import type { FeedCursor, FeedEntry, RegisterFeed } from './registerFeed.ts';

/**
 * The register feed as a directory of batch files, for local runs and tests: each
 * `<batchId>.ndjson` is one register batch, one event per line. The producer's contract:
 * batches are named in the order they are to be read (plain text order of the names), a file
 * only ever grows by whole lines at its end, and once a later batch exists the earlier ones are
 * complete. Other files (`.tmp` and the like) are not batches.
 *
 * A last line without its line break may still be being written: it is not returned, and
 * nothing after it either (not even later files), until the break arrives; a producer that
 * never ends its last line stalls the feed where it can be seen, rather than losing that line.
 */
export const createFileRegisterFeed = (
  directory: string,
  name = `file:${basename(resolve(directory))}`,
): RegisterFeed => {
  const offsets = createLineOffsetCache();
  return {
    name,
    read: async (after, max) => {
      checkReadArguments(after, max);
      const entries: FeedEntry[] = [];
      for (const file of await batchFilesIn(directory)) {
        if (after !== null && file < after.file) continue;
        const from = after !== null && file === after.file ? after.line : 0;
        const stop = await readBatchFile({ directory, file, from, max, offsets, entries });
        if (stop !== 'end-of-file') break;
      }
      return entries;
    },
  };
};

const BATCH_SUFFIX = '.ndjson';

/** A line longer than this cannot be a register event: it is returned cut to this length. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

const batchIdOf = (file: string): string => file.slice(0, -BATCH_SUFFIX.length);

const batchFilesIn = async (directory: string): Promise<string[]> => {
  try {
    const found = await readdir(directory, { withFileTypes: true });
    return found
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => entry.name)
      .filter((file) => file.endsWith(BATCH_SUFFIX) && file.length > BATCH_SUFFIX.length)
      .sort();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
};

const checkReadArguments = (after: FeedCursor | null, max: number): void => {
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(`max must be a positive whole number, got ${max}`);
  }
  if (after === null) return;
  if (!Number.isSafeInteger(after.line) || after.line < 0) {
    throw new RangeError(`a cursor's line must be a whole number of lines, got ${after.line}`);
  }
  if (!after.file.endsWith(BATCH_SUFFIX) || after.file !== basename(after.file)) {
    throw new RangeError(`a cursor names a batch file, got ${JSON.stringify(after.file)}`);
  }
};

interface BatchFileRead {
  directory: string;
  file: string;
  /** Lines of the file already consumed. */
  from: number;
  /** Stop when `entries` holds this many. */
  max: number;
  offsets: LineOffsetCache;
  entries: FeedEntry[];
}

type Stop = 'end-of-file' | 'partial-line' | 'enough';

/**
 * Appends the complete lines after line `from` to `entries`. Reads from the nearest known line
 * start at or before `from`, and splits on the newline byte, which never occurs inside a UTF-8
 * character, so byte offsets stay exact.
 */
const readBatchFile = async (read: BatchFileRead): Promise<Stop> => {
  const path = join(read.directory, read.file);
  let offsets: FileOffsets;
  try {
    offsets = read.offsets.of(read.file, await stat(path));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'end-of-file'; // read and archived meanwhile
    throw error;
  }
  const start = offsets.nearest(read.from);
  const lines = splitLines(read, start, offsets);
  try {
    for await (const chunk of createReadStream(path, { start: start.offset })) {
      if (lines.take(chunk as Buffer) === 'enough') return 'enough';
    }
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'end-of-file';
    throw error;
  }
  return lines.atEndOfFile();
};

/** The bytes of a line whose newline has not come yet: all counted, kept up to MAX_LINE_BYTES. */
class PendingLine {
  bytes = 0;
  private kept: Buffer[] = [];
  private keptBytes = 0;

  add(piece: Buffer, keep: boolean): void {
    this.bytes += piece.length;
    const room = MAX_LINE_BYTES - this.keptBytes;
    if (!keep || room <= 0 || piece.length === 0) return;
    const part = piece.length > room ? piece.subarray(0, room) : piece;
    this.kept.push(part);
    this.keptBytes += part.length;
  }

  /** The line's text without a CR before its newline. */
  text(): string {
    return Buffer.concat(this.kept, this.keptBytes).toString('utf8').replace(/\r$/, '');
  }

  clear(): void {
    this.bytes = 0;
    this.kept = [];
    this.keptBytes = 0;
  }
}

const splitLines = (read: BatchFileRead, start: LinePosition, offsets: FileOffsets) => {
  const batchId = batchIdOf(read.file);
  let { line, offset } = start;
  const pending = new PendingLine();

  const lineEnded = (): void => {
    line += 1;
    offset += pending.bytes + 1;
    const text = line > read.from ? pending.text() : '';
    if (text.trim() !== '') {
      read.entries.push({
        cursor: { file: read.file, line },
        batchId,
        lineNumber: line,
        line: text,
      });
    }
    pending.clear();
    offsets.passed({ line, offset });
  };

  return {
    take(chunk: Buffer): 'enough' | 'more' {
      let from = 0;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1;) {
        // Lines up to the cursor are only counted, not kept.
        pending.add(chunk.subarray(from, newline), line >= read.from);
        lineEnded();
        from = newline + 1;
        if (read.entries.length >= read.max) {
          offsets.stoppedAt({ line, offset });
          return 'enough';
        }
        newline = chunk.indexOf(NEWLINE, from);
      }
      pending.add(chunk.subarray(from), line >= read.from);
      return 'more';
    },
    atEndOfFile(): Stop {
      if (line < read.from) {
        throw new Error(
          `register feed cursor ${read.file}:${read.from} is past the ${line} lines of the file: ` +
            'a batch file was replaced or cut short',
        );
      }
      offsets.stoppedAt({ line, offset });
      return pending.bytes > 0 ? 'partial-line' : 'end-of-file';
    },
  };
};

const isErrno = (error: unknown, code: string): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === code;

/** Batch ids become file names: no paths, nothing hidden. */
const SAFE_BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Writes one register batch as `<batchId>.ndjson`, all at once: the lines go to a `.tmp` file,
 * synced, then linked into place, so a reader never sees a half batch. Refuses a batch id that
 * exists already: the feed's cursors assume a batch, once there, only grows. Events are written
 * as JSON, strings as they are (for lines a register should not have sent). For tests, local
 * runs and benchmarks; the events are not checked.
 */
export const writeRegisterBatch = async (
  directory: string,
  batchId: string,
  events: Iterable<RegisterEvent | string>,
): Promise<string> => {
  if (!SAFE_BATCH_ID.test(batchId)) {
    throw new RangeError(`a batch id is a plain file name, got ${JSON.stringify(batchId)}`);
  }
  await mkdir(directory, { recursive: true });
  const target = join(directory, `${batchId}${BATCH_SUFFIX}`);
  const temporary = join(directory, `${batchId}.${randomUUID()}.tmp`);
  try {
    await writeSynced(temporary, events);
    await link(temporary, target);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      throw new Error(`register batch ${batchId} exists already in ${directory}`, { cause: error });
    }
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await syncDirectory(directory);
  return target;
};

const WRITE_CHUNK_CHARACTERS = 1 << 20;

const writeSynced = async (path: string, events: Iterable<RegisterEvent | string>) => {
  const file = await open(path, 'wx');
  try {
    let chunk = '';
    for (const event of events) {
      const line = typeof event === 'string' ? event : JSON.stringify(event);
      if (/[\r\n]/.test(line)) throw new RangeError('a register line holds no line break');
      chunk += `${line}\n`;
      if (chunk.length >= WRITE_CHUNK_CHARACTERS) {
        await file.writeFile(chunk, 'utf8'); // from the current position: appends
        chunk = '';
      }
    }
    await file.writeFile(chunk, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
};

/** Makes the new name durable. Some platforms cannot sync a directory; there it is skipped. */
const syncDirectory = async (directory: string): Promise<void> => {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].some((code) => isErrno(error, code))) throw error;
  } finally {
    await handle?.close();
  }
};
