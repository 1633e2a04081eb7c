import { z } from 'zod';

/**
 * A CPR number's first six digits are the birth date (DDMMYY); the seventh digit with the year
 * gives the century. The modulus-11 check was given up in 2007, so the date is what can be
 * checked.
 */
export const isValidCpr = (cpr: string): boolean => {
  if (!/^\d{10}$/.test(cpr)) return false;
  const day = Number(cpr.slice(0, 2));
  const month = Number(cpr.slice(2, 4));
  const year = centuryOf(Number(cpr[6]), Number(cpr.slice(4, 6))) + Number(cpr.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
};

const centuryOf = (seventh: number, yy: number): number => {
  if (seventh <= 3) return 1900;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
};

export const cprSchema = z
  .string()
  .regex(/^\d{10}$/, { error: 'A CPR number is 10 digits', abort: true })
  .refine(isValidCpr, 'The first six digits of a CPR number are a date (DDMMYY)');

export const cvrSchema = z.string().regex(/^\d{8}$/, 'A CVR number is 8 digits');

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
