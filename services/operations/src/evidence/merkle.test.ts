import { describe, expect, it } from 'vitest';
import {
  Frontier,
  inclusionPath,
  includes,
  leafHash,
  nodeHash,
  splitOf,
  subtreesOfPath,
  type Hash,
  type Subtree,
} from './merkle.ts';

/** The tree's hash as RFC 9162 defines it, straight from the definition. */
const definedRoot = (leaves: Hash[]): Hash => {
  if (leaves.length === 1) return leaves[0]!;
  const k = splitOf(leaves.length);
  return nodeHash(definedRoot(leaves.slice(0, k)), definedRoot(leaves.slice(k)));
};

/** A growing tree as the chainer keeps it: its leaves and every complete node it made. */
const grown = (n: number) => {
  const leaves = Array.from({ length: n }, (_, i) => leafHash(`event ${i}`));
  const nodes = new Map<string, Hash>();
  const frontier = new Frontier();
  const roots: Hash[] = [];
  for (const [i, leaf] of leaves.entries()) {
    nodes.set(`0 ${i}`, leaf);
    frontier.add(leaf, (level, index, hash) => nodes.set(`${level} ${index}`, hash));
    roots.push(frontier.root());
  }
  const complete = ({ level, index }: Subtree) => nodes.get(`${level} ${index}`)!;
  return { leaves, roots, complete, frontier };
};

describe('the Merkle tree over the log', () => {
  it('has at every size the root the definition gives', () => {
    const { leaves, roots } = grown(70);
    roots.forEach((root, i) => expect(root).toEqual(definedRoot(leaves.slice(0, i + 1))));
  });

  it('proves every leaf of every size, and no other leaf or place', () => {
    const { leaves, roots, complete } = grown(40);
    for (let n = 1; n <= 40; n += 1) {
      for (let m = 0; m < n; m += 1) {
        const path = inclusionPath(m, n, complete);
        // The subtrees named beforehand are all the path needs.
        const named = new Set(subtreesOfPath(m, n).map(({ level, index }) => `${level} ${index}`));
        const onlyNamed = (subtree: Subtree) => {
          if (!named.has(`${subtree.level} ${subtree.index}`)) throw new Error('not named');
          return complete(subtree);
        };
        expect(inclusionPath(m, n, onlyNamed)).toEqual(path);
        expect(includes(m, n, leaves[m]!, path, roots[n - 1]!)).toBe(true);
        expect(includes(m, n, leafHash('changed'), path, roots[n - 1]!)).toBe(false);
        if (n > 1) expect(includes((m + 1) % n, n, leaves[m]!, path, roots[n - 1]!)).toBe(false);
      }
    }
  });

  it('rebuilds its right edge from the complete subtrees of a size', () => {
    const { roots, complete } = grown(45);
    const edge = Frontier.edgeOf(45);
    expect(edge).toEqual([
      { level: 5, index: 0 },
      { level: 3, index: 4 },
      { level: 2, index: 10 },
      { level: 0, index: 44 },
    ]);
    const hashes = edge.map(complete);
    const resumed = new Frontier(
      45,
      edge.map(({ level }, i) => ({ level, hash: hashes[i]! })),
    );
    expect(resumed.root()).toEqual(roots[44]);
  });
});
