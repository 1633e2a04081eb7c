import type { KeyObject } from 'node:crypto';
import { statementOf, type CheckpointStatement } from './checkpoint.ts';
import { signatureHolds } from './checkpointKey.ts';
import { includes, leafHash } from './merkle.ts';
import { PROOF_FORM, type EventProof } from './proof.ts';

export type ProofCheck =
  { holds: true; statement: CheckpointStatement; event: unknown[] } | { holds: false; why: string };

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Checks a proof offline, with the public key alone: the checkpoint is signed by that key, it
 * fixes a tree of the proof's size, and the event's text hashes, along the path, to its root.
 */
export const checkProof = (proof: EventProof, publicKey: KeyObject): ProofCheck => {
  if (proof.form !== PROOF_FORM) return { holds: false, why: `not a ${PROOF_FORM} proof` };
  if (!signatureHolds(proof.checkpoint.payload, proof.checkpoint.signature, publicKey)) {
    return { holds: false, why: 'the checkpoint is not signed with this key' };
  }
  const statement = statementOf(proof.checkpoint);
  if (statement.treeSize !== proof.treeSize) {
    return { holds: false, why: 'the checkpoint fixes a tree of another size' };
  }
  if (!proof.path.every((hash) => HEX_HASH.test(hash))) {
    return { holds: false, why: 'the path holds something other than hashes' };
  }
  const path = proof.path.map((hash) => Buffer.from(hash, 'hex'));
  const root = Buffer.from(statement.root, 'hex');
  if (!includes(proof.leafIndex, proof.treeSize, leafHash(proof.event), path, root)) {
    return { holds: false, why: "the event does not hash to the checkpoint's root" };
  }
  return { holds: true, statement, event: JSON.parse(proof.event) as unknown[] };
};
