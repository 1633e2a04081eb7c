import { z } from 'zod';
import { instantSchema } from '@digital-post/contracts';
import { isStorableText } from '@digital-post/service-kit';

/**
 * Which events of the log a replay gives: a window of time or of positions, narrowed by what
 * the events are and whom they name. Every list is "any of"; the kinds of filter all hold.
 * Senders, mailboxes, rule versions and releases match the events that name them in their data
 * (a letter's acceptance names its sender, its routing decision the mailbox, rule and release).
 */
export interface LogWindow {
  /** From this time (inclusive) or after this position. */
  from?: Bound;
  /** Before this time, or up to and including this position. */
  to?: Bound;
  categories?: string[];
  types?: string[];
  streams?: string[];
  senders?: string[];
  mailboxes?: string[];
  ruleVersions?: string[];
  releases?: string[];
}

export type Bound = { at: Date } | { position: number };

/** What the database takes: a position a bigint holds, a time PostgreSQL can store. */
const positionSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A bound as an operator writes it: an ISO time with its offset, or a log position. */
export const boundSchema = z.string().transform((text, context): Bound => {
  if (/^\d+$/.test(text)) {
    const position = positionSchema.safeParse(text);
    if (position.success) return { position: position.data };
  } else {
    const at = instantSchema.safeParse(text);
    if (at.success) return { at: new Date(at.data) };
  }
  context.addIssue({ code: 'custom', message: 'a log position or an ISO time with offset' });
  return z.NEVER;
});

/** A name as the store keeps it: text PostgreSQL takes (no NUL, no half of a UTF-16 pair). */
const nameSchema = z.string().min(1).max(200).refine(isStorableText, 'text the database can hold');

const names = z.array(nameSchema).max(100).optional();

export const logWindowSchema = z
  .object({
    from: boundSchema.optional(),
    to: boundSchema.optional(),
    categories: names,
    types: names,
    streams: names,
    senders: names,
    mailboxes: names,
    ruleVersions: names,
    releases: names,
  })
  .strict();
