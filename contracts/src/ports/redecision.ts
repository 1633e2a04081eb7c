import { z } from 'zod';
import { isValidMailboxOwner } from '../identifiers.ts';
import { caseReferenceSchema, operatorIdSchema } from '../text.ts';
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
  /**
   * Remediation: records routing's own decision again (as `redecide` finds it) where the
   * letter's latest recorded decision differs, under the operator's case, and the mailbox
   * delivers it there. Asking again changes nothing.
   */
  redirect(letters: RedirectRequest[]): Promise<RedirectOutcome[]>;
}

export interface RedirectRequest extends RedecisionRequest {
  caseReference: string;
  /** The operator whose command it is, recorded as the decision's actor. */
  operatorId: string;
}

/**
 * `redirected`: a new decision was recorded; `unchanged`: the latest decision already is this
 * release's; `held`: this release would hold the letter, so nothing was recorded (an operator
 * decides, as for any held letter); `unknown`: the letter was never routed.
 */
export type RedirectOutcome = { messageId: string; release: string } & (
  | {
      outcome: 'redirected' | 'unchanged';
      channel: 'digital' | 'paper' | 'forwarded';
      recipientMailboxId: string | null;
    }
  | { outcome: 'held'; reason: string }
  | { outcome: 'unknown' }
);

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

const redirectSchema = requestSchema.extend({
  caseReference: caseReferenceSchema,
  operatorId: operatorIdSchema,
});

export const redecisionPort = definePort<RedecisionPort>({
  name: 'redecision',
  calls: ['redecide', 'redirect'],
  streams: [],
  errors: [],
  args: {
    redecide: z.tuple([z.array(requestSchema).max(REDECISION_BATCH)]),
    redirect: z.tuple([z.array(redirectSchema).max(REDECISION_BATCH)]),
  },
});
