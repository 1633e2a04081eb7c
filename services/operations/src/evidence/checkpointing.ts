import type { Database, SqlExecutor } from '@digital-post/event-store';
import {
  CHECKPOINT_FORM,
  digestOf,
  FIRST_PREVIOUS,
  payloadOf,
  type Checkpoint,
} from './checkpoint.ts';
import { signed, type CheckpointKey } from './checkpointKey.ts';
import { frontierAt, lockedHead, type ChainHead } from './chainStore.ts';
import type { Hash } from './merkle.ts';

/** When a checkpoint is signed: after so many events, or so long after the last, if any came. */
export interface CheckpointPolicy {
  everyEvents: number;
  everyMs: number;
}

export const DEFAULT_CHECKPOINTS: CheckpointPolicy = { everyEvents: 100_000, everyMs: 60_000 };

interface CheckpointRow {
  seq: string | number;
  tree_size: string | number;
  payload: string;
  signature: string;
  signed_at: Date | string;
}

export const latestCheckpoint = async (tx: SqlExecutor) => {
  const [row] = await tx.query<CheckpointRow>(
    `select seq, tree_size, payload, signature, signed_at from operations.chain_checkpoints
      order by seq desc limit 1`,
  );
  return row;
};

const isDue = (
  size: number,
  last: CheckpointRow | undefined,
  policy: CheckpointPolicy,
  now: Date,
): boolean => {
  if (size === 0) return false;
  if (!last) return true;
  const since = Number(last.tree_size);
  if (size <= since) return false;
  return (
    size - since >= policy.everyEvents ||
    now.getTime() - new Date(last.signed_at).getTime() >= policy.everyMs
  );
};

/**
 * Signs the tree as it stands when a checkpoint is due, in the chain's transaction: the
 * statement names the tree's size and root, the last position in it, and the previous
 * checkpoint's digest, so checkpoints chain as the events do.
 */
export const checkpointIfDue = async (
  tx: SqlExecutor,
  head: ChainHead,
  options: { key: CheckpointKey; policy: CheckpointPolicy; now: () => Date },
  root?: Hash,
): Promise<Checkpoint | undefined> => {
  const last = await latestCheckpoint(tx);
  const now = options.now();
  if (!isDue(head.size, last, options.policy, now)) return undefined;
  const treeRoot = root ?? (await frontierAt(tx, head.size)).root();
  const statement = {
    form: CHECKPOINT_FORM,
    seq: last ? Number(last.seq) + 1 : 1,
    treeSize: head.size,
    lastPosition: head.afterPosition,
    root: treeRoot.toString('hex'),
    signedAt: now.toISOString(),
    previous: last ? digestOf(last) : FIRST_PREVIOUS,
    keyId: options.key.keyId,
  } as const;
  const payload = payloadOf(statement);
  const checkpoint = { payload, signature: signed(payload, options.key) };
  await tx.query(
    `insert into operations.chain_checkpoints
       (seq, tree_size, last_position, root, payload, signature, key_id, signed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      statement.seq,
      statement.treeSize,
      statement.lastPosition,
      treeRoot,
      payload,
      checkpoint.signature,
      statement.keyId,
      now,
    ],
  );
  return checkpoint;
};

/**
 * A checkpoint of the chain as it stands now, unless the latest already holds all of it: for a
 * proof wanted at once of an event chained since the last one.
 */
export const checkpointNow = (
  db: Database,
  options: { key: CheckpointKey; now: () => Date },
): Promise<Checkpoint | undefined> =>
  db.transaction(async (tx) =>
    checkpointIfDue(tx, await lockedHead(tx), {
      ...options,
      policy: { everyEvents: 1, everyMs: Number.MAX_SAFE_INTEGER },
    }),
  );
