import { createHash } from 'node:crypto';

/** Names the form of a checkpoint's payload. */
export const CHECKPOINT_FORM = 'digital-post-checkpoint/1';

/** What a checkpoint states, signed: the tree of the log's first `treeSize` events. */
export interface CheckpointStatement {
  form: typeof CHECKPOINT_FORM;
  seq: number;
  treeSize: number;
  /** The global position of the last event in the tree. */
  lastPosition: number;
  /** The tree's root, hex. */
  root: string;
  signedAt: string;
  /** SHA-256 of the previous checkpoint's payload, hex (zeros for the first): they chain. */
  previous: string;
  keyId: string;
}

/** A checkpoint as it is kept and exported: the exact payload signed, and the signature. */
export interface Checkpoint {
  payload: string;
  /** Base64 Ed25519 signature of the payload's UTF-8 bytes. */
  signature: string;
}

export const FIRST_PREVIOUS = '0'.repeat(64);

/** The payload's text, its fields in one fixed order. */
export const payloadOf = (statement: CheckpointStatement): string =>
  JSON.stringify({
    form: statement.form,
    seq: statement.seq,
    treeSize: statement.treeSize,
    lastPosition: statement.lastPosition,
    root: statement.root,
    signedAt: statement.signedAt,
    previous: statement.previous,
    keyId: statement.keyId,
  });

export const statementOf = (checkpoint: Checkpoint): CheckpointStatement => {
  const statement = JSON.parse(checkpoint.payload) as CheckpointStatement;
  if (statement.form !== CHECKPOINT_FORM) throw new Error(`not a ${CHECKPOINT_FORM} checkpoint`);
  return statement;
};

/** What the next checkpoint names as its previous. */
export const digestOf = (checkpoint: Checkpoint): string =>
  createHash('sha256').update(checkpoint.payload, 'utf8').digest('hex');
