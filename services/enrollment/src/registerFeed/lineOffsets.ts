/**
 * Byte offsets of line starts in batch files, so that resuming from a cursor seeks instead of
 * counting lines from the top of a file of a million lines. Kept per file: the offset of every
 * `stride`th line seen, and of where the last read stopped (where the next read most likely
 * resumes). Files are append-only, so an offset once seen stays true; a file replaced under
 * the same name (another inode) or grown shorter drops what was known of it.
 */

export interface LinePosition {
  /** Lines before `offset`. */
  line: number;
  offset: number;
}

export interface FileIdentity {
  ino: number;
  dev: number;
  size: number;
}

export interface FileOffsets {
  /** The best known position at or before `line`: where to start reading to reach it. */
  nearest(line: number): LinePosition;
  /** A line start seen while reading; only every stride's worth is kept. */
  passed(position: LinePosition): void;
  /** Where a read stopped. */
  stoppedAt(position: LinePosition): void;
}

const START: LinePosition = { line: 0, offset: 0 };

class KnownOffsets implements FileOffsets {
  /** `strided[k]` is the offset of line `k * stride`, for the lines seen so far. */
  private readonly strided: number[] = [0];
  private last: LinePosition = START;
  private readonly ino: number;
  private readonly dev: number;
  private readonly stride: number;

  constructor({ ino, dev }: FileIdentity, stride: number) {
    this.ino = ino;
    this.dev = dev;
    this.stride = stride;
  }

  nearest(line: number): LinePosition {
    const k = Math.min(Math.floor(line / this.stride), this.strided.length - 1);
    const strided = { line: k * this.stride, offset: this.strided[k] ?? 0 };
    return this.last.line <= line && this.last.line > strided.line ? this.last : strided;
  }

  passed({ line, offset }: LinePosition): void {
    // Reads go forward from a known point, so the kept lines form an unbroken run from line 0.
    if (line === this.strided.length * this.stride) this.strided.push(offset);
  }

  stoppedAt(position: LinePosition): void {
    this.last = position;
  }

  /** The same file, not shorter than what was seen of it (else it is not the file it was). */
  isStill({ ino, dev, size }: FileIdentity): boolean {
    const furthest = Math.max(this.last.offset, this.strided[this.strided.length - 1] ?? 0);
    return ino === this.ino && dev === this.dev && furthest <= size;
  }
}

/** Offsets of the `maxFiles` files read most recently. */
export const createLineOffsetCache = (maxFiles = 16, stride = 1024) => {
  const files = new Map<string, KnownOffsets>();
  return {
    of(file: string, identity: FileIdentity): FileOffsets {
      const previous = files.get(file);
      files.delete(file);
      // A replaced entry is a new object: a read still holding the old one cannot mix the two.
      const known =
        previous !== undefined && previous.isStill(identity)
          ? previous
          : new KnownOffsets(identity, stride);
      files.set(file, known);
      for (const oldest of files.keys()) {
        if (files.size <= maxFiles) break;
        files.delete(oldest);
      }
      return known;
    },
  };
};

export type LineOffsetCache = ReturnType<typeof createLineOffsetCache>;
