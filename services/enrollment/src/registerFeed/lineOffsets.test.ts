import { describe, expect, it } from 'vitest';
import { createLineOffsetCache, type FileOffsets } from './lineOffsets.ts';

const file = { ino: 7, dev: 1, size: 100_000 };

/** Lines of 10 bytes: line n starts at byte 10·n. */
const passLines = (offsets: FileOffsets, to: number) => {
  for (let line = 1; line <= to; line += 1) offsets.passed({ line, offset: line * 10 });
};

describe('the line offset cache', () => {
  it('knows where to start for a line: the start of the file, a stride, or the last stop', () => {
    const cache = createLineOffsetCache(4, 100);
    const offsets = cache.of('a.ndjson', file);
    expect(offsets.nearest(550)).toEqual({ line: 0, offset: 0 });
    passLines(offsets, 530);
    offsets.stoppedAt({ line: 530, offset: 5300 });
    expect(offsets.nearest(550)).toEqual({ line: 530, offset: 5300 });
    expect(offsets.nearest(530)).toEqual({ line: 530, offset: 5300 });
    expect(offsets.nearest(529)).toEqual({ line: 500, offset: 5000 });
    expect(offsets.nearest(99)).toEqual({ line: 0, offset: 0 });
    expect(offsets.nearest(250)).toEqual({ line: 200, offset: 2000 });
    expect(offsets.nearest(10_000)).toEqual({ line: 530, offset: 5300 });
    expect(cache.of('a.ndjson', { ...file, size: 200_000 }).nearest(550).line).toBe(530);
  });

  it('keeps strides only as an unbroken run from the top', () => {
    const offsets = createLineOffsetCache(4, 100).of('a.ndjson', file);
    offsets.passed({ line: 300, offset: 3000 });
    expect(offsets.nearest(350)).toEqual({ line: 0, offset: 0 });
  });

  it('forgets a file replaced under its name, or shorter than what was seen of it', () => {
    const cache = createLineOffsetCache(4, 100);
    passLines(cache.of('a.ndjson', file), 300);
    expect(cache.of('a.ndjson', file).nearest(300).line).toBe(300);
    expect(cache.of('a.ndjson', { ...file, ino: 8 }).nearest(300).line).toBe(0);
    passLines(cache.of('b.ndjson', file), 300);
    expect(cache.of('b.ndjson', { ...file, size: 2999 }).nearest(300).line).toBe(0);
  });

  it('keeps the files read most recently', () => {
    const cache = createLineOffsetCache(2, 100);
    for (const name of ['a', 'b', 'c']) passLines(cache.of(name, file), 100);
    expect(cache.of('b', file).nearest(100).line).toBe(100);
    expect(cache.of('c', file).nearest(100).line).toBe(100);
    expect(cache.of('a', file).nearest(100).line).toBe(0);
  });
});
