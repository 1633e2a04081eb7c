import { z } from 'zod';
import { publicKeyFileOf } from '../evidence/checkpointKeyFile.ts';

/** The options of the evidence commands, as `parseArgs` gives them. */
export interface EvidenceValues {
  'public-key'?: string | undefined;
  checkpoints?: string | undefined;
  checkpoint?: string | undefined;
  out?: string | undefined;
}

/** The public key's file: given, else beside the deployment's checkpoint key. */
const publicKeyFile = (values: EvidenceValues): string =>
  values['public-key'] ??
  publicKeyFileOf(process.env.DIGITAL_POST_CHECKPOINT_KEY_FILE ?? '.data/checkpoint-key.pem');

const out = (values: EvidenceValues) => (values.out !== undefined ? { out: values.out } : {});

export type EvidenceCommand =
  | { name: 'verify'; run: { publicKeyFile: string; checkpointsFile?: string } }
  | { name: 'prove'; run: { eventId: string; seq?: number; out?: string } }
  | { name: 'check-proof'; run: { proofFile: string; publicKeyFile: string } }
  | { name: 'checkpoints'; run: { out?: string } };

/**
 * `verify`, `prove <event id>`, `check-proof <file>` and `checkpoints`: the chain over the log,
 * checked whole, proved for one event, a proof checked offline, the checkpoints exported.
 */
export const evidenceCommandOf = (
  [name, subject, ...rest]: string[],
  values: EvidenceValues,
): EvidenceCommand | undefined => {
  if (rest.length > 0) return undefined;
  if (name === 'verify' && subject === undefined) {
    const checkpointsFile = values.checkpoints;
    return {
      name,
      run: { publicKeyFile: publicKeyFile(values), ...(checkpointsFile && { checkpointsFile }) },
    };
  }
  if (name === 'prove' && subject !== undefined) {
    const eventId = z.uuid({ message: 'an event id (a UUID)' }).parse(subject);
    const seq =
      values.checkpoint === undefined
        ? undefined
        : z.coerce.number().int().positive().parse(values.checkpoint);
    return { name, run: { eventId, ...(seq !== undefined && { seq }), ...out(values) } };
  }
  if (name === 'check-proof' && subject !== undefined) {
    return { name, run: { proofFile: subject, publicKeyFile: publicKeyFile(values) } };
  }
  if (name === 'checkpoints' && subject === undefined) return { name, run: out(values) };
  return undefined;
};
