import { z } from 'zod';

/**
 * The identifiers every service checks alike: a CPR number that the sender API accepts is one
 * the registers may enroll and routing may route, and the other way round.
 *
 * A CPR number is DDMMYY followed by four digits; the first of those (the 7th digit) fixes the
 * century of the birth date. Since 2007 numbers no longer pass the old modulus-11 check, so only
 * the date is validated: a number that cannot be a birth date is a typing error, caught before
 * anything is written about a person who does not exist.
 */
export const isValidCpr = (cpr: string): boolean => {
  if (!/^\d{10}$/.test(cpr)) return false;
  const day = Number(cpr.slice(0, 2));
  const month = Number(cpr.slice(2, 4));
  const year = centuryOf(Number(cpr.slice(4, 6)), Number(cpr[6])) + Number(cpr.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
};

/** The century rule of the CPR register, by the 7th digit and the two-digit year. */
const centuryOf = (yy: number, seventh: number): number => {
  if (seventh <= 3) return 1900;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
};

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A CVR number (the company register) is eight digits. */
export const isValidCvr = (cvr: string): boolean => /^\d{8}$/.test(cvr);

export const cprSchema = z
  .string()
  .regex(/^\d{10}$/, { error: 'A CPR number is 10 digits', abort: true })
  .refine(isValidCpr, 'The first six digits of a CPR number are a date (DDMMYY)');

export const cvrSchema = z.string().regex(/^\d{8}$/, 'A CVR number is 8 digits');

/** An employee's number within their organisation (RID): 1 to 16 digits. */
export const ridSchema = z
  .string()
  .regex(/^\d{1,16}$/, 'An employee number (RID) is 1 to 16 digits');

/**
 * An authority id is chosen by the platform when the authority joins. The alphabet is the one
 * tokens use for principal ids, so a sender id from a token always fits; it never holds a colon,
 * which would make a mailbox id ambiguous.
 */
export const isValidAuthorityId = (id: string): boolean => /^[A-Za-z0-9._-]{1,128}$/.test(id);

export const authorityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, 'An authority id is 1-128 letters, digits, ".", "_" or "-"');

export type RecipientKind = 'cpr' | 'cvr' | 'authority';

/** Who a letter is addressed to or a mailbox belongs to: a citizen, a company, an authority. */
export interface MailboxOwner {
  kind: RecipientKind;
  id: string;
}

const validators: Record<RecipientKind, (id: string) => boolean> = {
  cpr: isValidCpr,
  cvr: isValidCvr,
  authority: isValidAuthorityId,
};

export const isValidMailboxOwner = (owner: MailboxOwner): boolean =>
  Object.hasOwn(validators, owner.kind) && validators[owner.kind](owner.id);

/** `<kind>:<id>`: `cpr:0101901234`, `cvr:12345678`, `authority:<authorityId>`. */
export const mailboxIdOf = (owner: MailboxOwner): string => `${owner.kind}:${owner.id}`;

/** The owner a mailbox id names, or undefined when it is not a valid mailbox id. */
export const parseMailboxId = (mailboxId: string): MailboxOwner | undefined => {
  const colon = mailboxId.indexOf(':');
  if (colon < 0) return undefined;
  const owner = { kind: mailboxId.slice(0, colon), id: mailboxId.slice(colon + 1) } as MailboxOwner;
  return isValidMailboxOwner(owner) ? owner : undefined;
};

export const mailboxIdSchema = z
  .string()
  .max(140)
  .refine((value) => parseMailboxId(value) !== undefined, {
    message: 'not a mailbox id (cpr:<CPR>, cvr:<CVR> or authority:<id>)',
    abort: true,
  });
