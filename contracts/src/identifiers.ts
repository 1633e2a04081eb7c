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
