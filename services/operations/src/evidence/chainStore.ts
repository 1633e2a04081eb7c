import type { SqlExecutor } from '@digital-post/event-store';
import { Frontier, type Hash, type Subtree } from './merkle.ts';

export interface ChainHead {
  size: number;
  afterTransaction: string;
  afterPosition: number;
}

/** The advisory lock space of the chain ('CHAN'), apart from the store's stream locks. */
const CHAIN_LOCK = 0x4348414e;

/**
 * The chain's head, with the chain's lock for this transaction: one chainer at a time extends
 * it. An advisory lock rather than `for update`, which would give the round a transaction id at
 * its start and hold back every reader of the log (they read below the oldest running one)
 * while the round reads and hashes; this way only its writes, at the end, do.
 */
export const lockedHead = async (tx: SqlExecutor): Promise<ChainHead> => {
  await tx.query('select pg_advisory_xact_lock($1, 0)', [CHAIN_LOCK]);
  const [row] = await tx.query<{
    size: string | number;
    after_transaction: string;
    after_position: string | number;
  }>('select size, after_transaction, after_position from operations.chain_head where one');
  return {
    size: Number(row!.size),
    afterTransaction: row!.after_transaction,
    afterPosition: Number(row!.after_position),
  };
};

/**
 * The hashes of complete subtrees (a leaf at level 0, a node above), in the order asked, in one
 * query: what a frontier or a proof's path is made of.
 */
export const completeHashes = async (
  tx: SqlExecutor,
  subtrees: readonly Subtree[],
): Promise<Hash[]> => {
  const rows = await tx.query<{ hash: Uint8Array | null }>(
    `select coalesce(l.hash, n.hash) as hash
       from unnest($1::smallint[], $2::bigint[]) with ordinality as e(level, idx, ord)
       left join operations.chain_leaves l on e.level = 0 and l.leaf_index = e.idx
       left join operations.chain_nodes n on e.level > 0 and n.level = e.level
                                          and n.node_index = e.idx
      order by e.ord`,
    [subtrees.map((e) => e.level), subtrees.map((e) => e.index)],
  );
  return subtrees.map(({ level, index }, i) => {
    const hash = rows[i]?.hash;
    if (!hash) throw new Error(`the chain has no subtree at level ${level}, index ${index}`);
    return Buffer.from(hash);
  });
};

/** The tree's right edge at `size`, from the complete subtrees kept. */
export const frontierAt = async (tx: SqlExecutor, size: number): Promise<Frontier> => {
  const edge = Frontier.edgeOf(size);
  const hashes = await completeHashes(tx, edge);
  return new Frontier(
    size,
    edge.map(({ level }, i) => ({ level, hash: hashes[i]! })),
  );
};

/** Events of the log the chain has not taken yet (counted whole: for tests and benchmarks). */
export const eventsBehind = async (db: SqlExecutor): Promise<number> => {
  const [row] = await db.query<{ behind: number }>(
    `select (select count(*)::int from events)
          - (select size::int from operations.chain_head) as behind`,
  );
  return row!.behind;
};

export interface Extension {
  leaves: { index: number; position: number; hash: Hash }[];
  nodes: { level: number; index: number; hash: Hash }[];
  head: ChainHead;
}

/** A batch's leaves and nodes, and the head after them, in three statements. */
export const writeExtension = async (tx: SqlExecutor, { leaves, nodes, head }: Extension) => {
  await tx.query(
    `insert into operations.chain_leaves (leaf_index, global_position, hash)
       select * from unnest($1::bigint[], $2::bigint[], $3::bytea[])`,
    [leaves.map((l) => l.index), leaves.map((l) => l.position), leaves.map((l) => l.hash)],
  );
  if (nodes.length > 0) {
    await tx.query(
      `insert into operations.chain_nodes (level, node_index, hash)
         select * from unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
      [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
    );
  }
  await tx.query(
    `update operations.chain_head
        set size = $1, after_transaction = $2, after_position = $3, updated_at = now()
      where one`,
    [head.size, head.afterTransaction, head.afterPosition],
  );
};
