import { createHash } from 'node:crypto';

/**
 * The log's Merkle tree as Certificate Transparency keeps its log (RFC 9162, section 2.1): a leaf
 * is the hash of 0x00 and the event's canonical text, a node the hash of 0x01 and its two
 * children; a tree of n leaves splits at the largest power of two below n. A checkpoint signs
 * the root of the first n leaves; an inclusion path proves one leaf is in it, in log2(n) hashes.
 */
export type Hash = Buffer;

const sha256 = (...parts: Buffer[]): Hash => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (canonical: string): Hash => sha256(LEAF, Buffer.from(canonical, 'utf8'));

export const nodeHash = (left: Hash, right: Hash): Hash => sha256(NODE, left, right);

/** The largest power of two strictly below n (n > 1). */
export const splitOf = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** A complete aligned subtree: `2^level` leaves from `index * 2^level`. */
export interface Subtree {
  level: number;
  index: number;
}

type Lookup = (subtree: Subtree) => Hash;

/**
 * The hash of leaves [start, end) as the tree defines it, from the complete aligned subtrees a
 * lookup gives: a run whose length is a power of two and whose start is a multiple of it is one
 * stored node; any other splits as the tree does.
 */
const rangeHash = (start: number, end: number, complete: Lookup): Hash => {
  const size = end - start;
  if ((size & (size - 1)) === 0 && start % size === 0) {
    return complete({ level: Math.log2(size), index: start / size });
  }
  const k = splitOf(size);
  return nodeHash(rangeHash(start, start + k, complete), rangeHash(start + k, end, complete));
};

/** The inclusion path of leaf m in the tree of the first n leaves, nearest sibling first. */
export const inclusionPath = (m: number, n: number, complete: Lookup, offset = 0): Hash[] => {
  if (n <= 1) return [];
  const k = splitOf(n);
  return m < k
    ? [...inclusionPath(m, k, complete, offset), rangeHash(offset + k, offset + n, complete)]
    : [
        ...inclusionPath(m - k, n - k, complete, offset + k),
        rangeHash(offset, offset + k, complete),
      ];
};

const NO_HASH = Buffer.alloc(32);

/**
 * The complete subtrees the inclusion path of leaf m in a tree of n leaves is made of: which to
 * read, all at once, before the path is folded from them. (The path's shape does not depend on
 * the hashes, so walking it with blanks names them.)
 */
export const subtreesOfPath = (m: number, n: number): Subtree[] => {
  const needed: Subtree[] = [];
  inclusionPath(m, n, (subtree) => (needed.push(subtree), NO_HASH));
  return needed;
};

/** Whether the path folds leaf m of a tree of n leaves into `root` (RFC 9162, 2.1.3.2). */
export const includes = (m: number, n: number, leaf: Hash, path: Hash[], root: Hash): boolean => {
  if (m >= n) return false;
  let fn = m;
  let sn = n - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
};

/**
 * The right edge of a growing tree: the complete subtrees its leaves make so far, largest first.
 * Adding a leaf merges equal neighbours into their parent, and each parent made is handed to
 * `completed` to be kept; the root of any size folds the edge from the right.
 */
export class Frontier {
  constructor(
    public size = 0,
    private readonly edge: { level: number; hash: Hash }[] = [],
  ) {}

  add(leaf: Hash, completed: (level: number, index: number, hash: Hash) => void): void {
    this.edge.push({ level: 0, hash: leaf });
    this.size += 1;
    while (this.edge.length >= 2) {
      const right = this.edge.at(-1)!;
      const left = this.edge.at(-2)!;
      if (left.level !== right.level) break;
      this.edge.splice(-2, 2);
      const parent = { level: left.level + 1, hash: nodeHash(left.hash, right.hash) };
      this.edge.push(parent);
      completed(parent.level, this.size / 2 ** parent.level - 1, parent.hash);
    }
  }

  root(): Hash {
    if (this.edge.length === 0) return sha256();
    let root = this.edge.at(-1)!.hash;
    for (let i = this.edge.length - 2; i >= 0; i -= 1) root = nodeHash(this.edge[i]!.hash, root);
    return root;
  }

  /** The complete subtrees whose hashes rebuild the edge of a tree of `size` leaves. */
  static edgeOf(size: number): Subtree[] {
    const edge: Subtree[] = [];
    let start = 0;
    for (let level = 52; level >= 0; level -= 1) {
      const span = 2 ** level;
      if (size - start >= span) {
        edge.push({ level, index: start / span });
        start += span;
      }
    }
    return edge;
  }
}
