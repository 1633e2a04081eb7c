import type { KeyObject } from 'node:crypto';
import type { Database } from '@digital-post/event-store';
import { canonicalOf, chainedColumns, type ChainedRow } from './canonical.ts';
import {
  digestOf,
  FIRST_PREVIOUS,
  statementOf,
  type Checkpoint,
  type CheckpointStatement,
} from './checkpoint.ts';
import { signatureHolds } from './checkpointKey.ts';
import { Frontier, leafHash } from './merkle.ts';

/** The first event the chain does not match: changed, gone, or never chained. */
export interface Mismatch {
  leafIndex: number | null;
  position: number;
  eventId: string | null;
  eventType: string | null;
  problem: 'changed' | 'missing' | 'not chained';
}

export interface CheckpointProblem {
  seq: number;
  problem: 'signature' | 'previous' | 'root' | 'not in the database' | 'differs from the kept copy';
}

export interface Verification {
  intact: boolean;
  /** Events checked against their leaves. */
  chained: number;
  checkpoints: number;
  firstMismatch: Mismatch | null;
  checkpointProblems: CheckpointProblem[];
}

export interface VerifyOptions {
  /** The key checkpoints must be signed with. */
  publicKey: KeyObject;
  /** Checkpoints kept outside the database; each must be in it, unchanged. */
  kept?: Checkpoint[];
  pageSize?: number;
  onProgress?(checked: number, of: number, elapsedSeconds: number): void;
}

type LeafRow = Partial<ChainedRow> & {
  leaf_index: string | number;
  leaf_position: string | number;
  hash: Uint8Array;
};

const leavesPage = (db: Database, from: number, to: number) =>
  db.query<LeafRow>(
    `select l.leaf_index, l.global_position as leaf_position, l.hash, e.*
       from operations.chain_leaves l
       left join lateral (select ${chainedColumns} from events
                           where events.global_position = l.global_position) e on true
      where l.leaf_index >= $1 and l.leaf_index < $2 order by l.leaf_index`,
    [from, to],
  );

const mismatchOf = (row: LeafRow, hash: Buffer | null): Mismatch | null => {
  const base = { leafIndex: Number(row.leaf_index), position: Number(row.leaf_position) };
  if (hash === null) return { ...base, eventId: null, eventType: null, problem: 'missing' };
  if (hash.equals(Buffer.from(row.hash))) return null;
  return { ...base, eventId: row.event_id!, eventType: row.event_type!, problem: 'changed' };
};

/**
 * Events within the chained part of the log (up to the chain's place in the log's order) that no
 * leaf names: written behind its back.
 */
const unchained = async (db: Database): Promise<Mismatch | null> => {
  const [row] = await db.query<{ global_position: string; event_id: string; event_type: string }>(
    `select e.global_position, e.event_id::text, e.event_type
       from events e, operations.chain_head h
      where (e.transaction_id, e.global_position) <= (h.after_transaction::xid8, h.after_position)
        and not exists (select 1 from operations.chain_leaves l
                         where l.global_position = e.global_position)
      order by e.global_position limit 1`,
  );
  if (!row) return null;
  return {
    leafIndex: null,
    position: Number(row.global_position),
    eventId: row.event_id,
    eventType: row.event_type,
    problem: 'not chained',
  };
};

const storedCheckpoints = (db: Database) =>
  db.query<Checkpoint & { seq: string | number }>(
    'select seq, payload, signature from operations.chain_checkpoints order by seq',
  );

/** Each checkpoint's signature and link to the one before, and the kept copies against them. */
const checkpointProblemsOf = (
  stored: Checkpoint[],
  { publicKey, kept = [] }: VerifyOptions,
): CheckpointProblem[] => {
  const problems: CheckpointProblem[] = [];
  let previous = FIRST_PREVIOUS;
  for (const checkpoint of stored) {
    const { seq, previous: named } = statementOf(checkpoint);
    if (!signatureHolds(checkpoint.payload, checkpoint.signature, publicKey)) {
      problems.push({ seq, problem: 'signature' });
    }
    if (named !== previous) problems.push({ seq, problem: 'previous' });
    previous = digestOf(checkpoint);
  }
  const bySeq = new Map(stored.map((c) => [statementOf(c).seq, c]));
  for (const copy of kept) {
    const { seq } = statementOf(copy);
    const inDb = bySeq.get(seq);
    if (!inDb) problems.push({ seq, problem: 'not in the database' });
    else if (inDb.payload !== copy.payload)
      problems.push({ seq, problem: 'differs from the kept copy' });
  }
  return problems;
};

/**
 * The chain checked from the log alone: every chained event hashed again from what the database
 * holds now and compared with its leaf (the first that differs, or is gone, is named), every
 * event of the chained part of the log found in the chain, the tree's root rebuilt from the
 * events at each checkpoint's size and compared with the signed root, every signature checked
 * with the public key, and the checkpoints kept outside found unchanged in the database.
 */
export const verifyChain = async (db: Database, options: VerifyOptions): Promise<Verification> => {
  const stored = await storedCheckpoints(db);
  const statements = stored.map(statementOf);
  const problems = checkpointProblemsOf(stored, options);
  const [head] = await db.query<{ size: string | number }>(
    'select size from operations.chain_head',
  );
  const size = Number(head?.size ?? 0);
  const pageSize = options.pageSize ?? 2_000;
  const started = Date.now();
  const frontier = new Frontier();
  let firstMismatch: Mismatch | null = null;
  const dueAt = new Map<number, CheckpointStatement>(statements.map((s) => [s.treeSize, s]));
  for (let from = 0; from < size; from += pageSize) {
    for (const row of await leavesPage(db, from, Math.min(size, from + pageSize))) {
      const hash = row.event_id ? leafHash(canonicalOf(row as ChainedRow)) : null;
      firstMismatch ??= mismatchOf(row, hash);
      // The root is rebuilt from the events as they are: a leaf rewritten with its event shows here.
      frontier.add(hash ?? Buffer.from(row.hash), () => {});
      const due = dueAt.get(frontier.size);
      if (due && frontier.root().toString('hex') !== due.root) {
        problems.push({ seq: due.seq, problem: 'root' });
      }
    }
    options.onProgress?.(frontier.size, size, (Date.now() - started) / 1000);
  }
  firstMismatch ??= await unchained(db);
  problems.sort((a, b) => a.seq - b.seq);
  return {
    intact: firstMismatch === null && problems.length === 0,
    chained: frontier.size,
    checkpoints: stored.length,
    firstMismatch,
    checkpointProblems: problems,
  };
};
