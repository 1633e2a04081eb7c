import type { Database } from '@digital-post/event-store';
import { canonicalOf, chainedColumns, type ChainedRow } from './canonical.ts';
import type { Checkpoint } from './checkpoint.ts';
import { completeHashes } from './chainStore.ts';
import { inclusionPath, subtreesOfPath } from './merkle.ts';

export const PROOF_FORM = 'digital-post-proof/1';

/**
 * What shows, to anyone with the public key and nothing else, that an event is in the log as a
 * signed checkpoint fixed it: the event's canonical text, its place in the tree, the path of
 * hashes from it to the root, and the checkpoint itself.
 */
export interface EventProof {
  form: typeof PROOF_FORM;
  /** The event's canonical text (JSON: its place, identity, type, time, data and metadata). */
  event: string;
  leafIndex: number;
  treeSize: number;
  /** Hex hashes, the nearest sibling first. */
  path: string[];
  checkpoint: Checkpoint;
}

/** Why there is no proof: no such event, or not in the chain or in a checkpoint yet. */
export class NotProvable extends Error {
  constructor(
    message: string,
    readonly reason: 'unknown' | 'unchained' | 'uncheckpointed',
  ) {
    super(message);
  }
}

const checkpointCovering = async (db: Database, leafIndex: number, seq?: number) => {
  const [row] = await db.query<Checkpoint & { tree_size: string | number }>(
    `select tree_size, payload, signature from operations.chain_checkpoints
      where tree_size > $1 and ($2::bigint is null or seq = $2)
      order by seq desc limit 1`,
    [leafIndex, seq ?? null],
  );
  return row;
};

/**
 * The proof of one event against the latest checkpoint (or the one named) that holds it, from
 * the event as the database holds it now: an event changed behind the log's back gives a proof
 * that no longer checks.
 */
export const proveEvent = async (
  db: Database,
  eventId: string,
  { seq }: { seq?: number } = {},
): Promise<EventProof> => {
  const [row] = await db.query<ChainedRow & { leaf_index: string | number | null }>(
    `select ${chainedColumns},
            (select leaf_index from operations.chain_leaves l
              where l.global_position = events.global_position) as leaf_index
       from events where event_id = $1::uuid`,
    [eventId],
  );
  if (!row) throw new NotProvable(`No event ${eventId} is in the log.`, 'unknown');
  if (row.leaf_index === null)
    throw new NotProvable(`Event ${eventId} is not chained yet.`, 'unchained');
  const leafIndex = Number(row.leaf_index);
  const checkpoint = await checkpointCovering(db, leafIndex, seq);
  if (!checkpoint) {
    throw new NotProvable(
      `No checkpoint${seq ? ` ${seq}` : ''} holds event ${eventId} yet.`,
      'uncheckpointed',
    );
  }
  const treeSize = Number(checkpoint.tree_size);
  const needed = subtreesOfPath(leafIndex, treeSize);
  const hashes = await completeHashes(db, needed);
  const byPlace = new Map(needed.map(({ level, index }, i) => [`${level} ${index}`, hashes[i]!]));
  const path = inclusionPath(leafIndex, treeSize, ({ level, index }) =>
    byPlace.get(`${level} ${index}`)!,
  );
  return {
    form: PROOF_FORM,
    event: canonicalOf(row),
    leafIndex,
    treeSize,
    path: path.map((hash) => hash.toString('hex')),
    checkpoint: { payload: checkpoint.payload, signature: checkpoint.signature },
  };
};
