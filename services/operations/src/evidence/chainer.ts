import { logReadSql, type Database, type SqlExecutor } from '@digital-post/event-store';
import { canonicalOf, chainedColumns, type ChainedRow } from './canonical.ts';
import { frontierAt, lockedHead, writeExtension, type Extension } from './chainStore.ts';
import { leafHash } from './merkle.ts';
import { checkpointIfDue, type CheckpointPolicy } from './checkpointing.ts';
import type { CheckpointKey } from './checkpointKey.ts';

export interface ChainOptions {
  key: CheckpointKey;
  policy: CheckpointPolicy;
  /** Events a round chains at most. */
  batchSize: number;
  now: () => Date;
}

const readBatch = async (
  tx: SqlExecutor,
  engine: Database['engine'],
  after: { afterTransaction: string; afterPosition: number },
  batchSize: number,
): Promise<ChainedRow[]> => {
  // On the server the log is read on its indexes, as every reader of it does.
  if (engine === 'postgres') {
    await tx.query('set local enable_seqscan = off; set local enable_bitmapscan = off');
  }
  return tx.query<ChainedRow>(logReadSql(engine, chainedColumns), [
    after.afterTransaction,
    after.afterPosition,
    batchSize,
  ]);
};

/** The batch's leaves, and the complete subtrees they finish, on the tree as it stood. */
const extend = async (tx: SqlExecutor, size: number, rows: ChainedRow[]) => {
  const frontier = await frontierAt(tx, size);
  const leaves: Extension['leaves'] = [];
  const nodes: Extension['nodes'] = [];
  for (const row of rows) {
    const hash = leafHash(canonicalOf(row));
    leaves.push({ index: frontier.size, position: Number(row.global_position), hash });
    frontier.add(hash, (level, index, node) => nodes.push({ level, index, hash: node }));
  }
  return { frontier, leaves, nodes };
};

/**
 * One round of the chain, in one transaction: the log's next events past the chain's head (in
 * the log's order, nothing a running transaction could still overtake) become leaves of the
 * tree, the subtrees they complete are kept, and a checkpoint is signed when one is due. The
 * chain's lock makes chainers take turns; a chainer killed mid-round leaves nothing of it,
 * and the next round starts where the last committed one ended: no gap, no fork. Answers how
 * many events it chained.
 */
export const chainRound = (db: Database, options: ChainOptions): Promise<number> =>
  db.transaction(async (tx) => {
    const head = await lockedHead(tx);
    const rows = await readBatch(tx, db.engine, head, options.batchSize);
    if (rows.length === 0) {
      await checkpointIfDue(tx, head, options);
      return 0;
    }
    const { frontier, leaves, nodes } = await extend(tx, head.size, rows);
    const last = rows.at(-1)!;
    const extended = {
      size: frontier.size,
      afterTransaction: last.transaction_id,
      afterPosition: Number(last.global_position),
    };
    await writeExtension(tx, { leaves, nodes, head: extended });
    await checkpointIfDue(tx, extended, options, frontier.root());
    return rows.length;
  });
