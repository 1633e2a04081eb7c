import { cprSchema, cvrSchema } from '@digital-post/contracts';
import { z } from 'zod';

// The same alphabet tokens use for authority ids, so a sender id from a token always fits.
export const authorityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, 'An authority id is 1-128 letters, digits, ".", "_" or "-"');

export const recipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
  z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
  z.strictObject({ kind: z.literal('authority'), id: authorityIdSchema }),
]);

export type Recipient = z.infer<typeof recipientSchema>;

/** The mailbox id of an authority, as events name senders. */
export const authorityMailboxId = (authorityId: string): string => `authority:${authorityId}`;
