import { z } from 'zod';
import { isValidMailboxOwner } from '../identifiers.ts';
import { instantSchema } from '../time.ts';
import { definePort } from './port.ts';
import type { Recipient } from './reachability.ts';

/**
 * "What would routing decide for this letter today, from the facts as they stood then?" The
 * routing service's answer for reconstructing an incident: its trusted release decides each
 * letter again from the addressee's enrollment and forwarding rules as the log held them before
 * the recorded decision (`before`, a global position), at the decision's moment (`at`). Asked
 * in batches: an incident's window holds millions of letters.
 */
export interface RedecisionPort {
  redecide(letters: RedecisionRequest[]): Promise<Redecision[]>;
}

export interface RedecisionRequest {
  messageId: string;
  addressee: Recipient;
  /** The moment of the recorded decision. */
  at: string;
  /** The recorded decision's global position: only events before it are facts. */
  before: number;
}

/** The decision routing's release would record, in the terms of MessageRouted and MessageHeld. */
export type Redecision = { messageId: string; release: string } & (
  | {
      outcome: 'routed';
      channel: 'digital' | 'paper' | 'forwarded';
      recipientMailboxId: string | null;
      forwardingRuleId: string | null;
      forwardingRuleVersion: number | null;
    }
  | { outcome: 'held'; reason: string; refusedMailboxId: string | null }
);

/** At most this many letters a call; the caller pages. */
export const REDECISION_BATCH = 1_000;

const requestSchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  addressee: z
    .strictObject({ kind: z.enum(['cpr', 'cvr', 'authority']), id: z.string().max(140) })
    .refine(isValidMailboxOwner, 'not a citizen, company or authority'),
  at: instantSchema,
  before: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const redecisionPort = definePort<RedecisionPort>({
  name: 'redecision',
  calls: ['redecide'],
  streams: [],
  errors: [],
  args: { redecide: z.tuple([z.array(requestSchema).max(REDECISION_BATCH)]) },
});
