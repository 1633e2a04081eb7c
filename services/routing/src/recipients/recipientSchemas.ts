import { z } from 'zod';
import { isValidAuthorityId, isValidCpr } from './cpr.ts';
import { mayForward, parseMailboxId } from './mailboxId.ts';

export const cprSchema = z
  .string()
  .regex(/^\d{10}$/, 'a CPR number is 10 digits')
  .refine(isValidCpr, 'the first six digits of a CPR number are a birth date (DDMMYY)');

export const cvrSchema = z.string().regex(/^\d{8}$/, 'a CVR number is 8 digits');

export const authorityIdSchema = z.string().refine(isValidAuthorityId, 'not an authority id');

/** A citizen or a company: who can be enrolled or exempted. */
export const enrollableSubjectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
  z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
]);

export const recipientParamsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
  z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
  z.strictObject({ kind: z.literal('authority'), id: authorityIdSchema }),
]);

export const mailboxIdSchema = z
  .string()
  .max(80)
  .refine(
    (value) => parseMailboxId(value) !== undefined,
    'not a mailbox id (cpr:…, cvr:…, authority:…)',
  );

export const organisationMailboxIdSchema = mailboxIdSchema.refine(
  mayForward,
  'only an organisation mailbox (cvr:… or authority:…) forwards post',
);
