import { z } from 'zod';

/**
 * Times as every service accepts them, within what PostgreSQL stores and JavaScript reads alike:
 * `Date.parse` takes dates PostgreSQL refuses, and an offset can carry an instant in year 1 or
 * 9999 over the edge once it is turned into UTC. Years 0001–9999, in UTC.
 */
const yearOf = (text: string): number => new Date(Date.parse(text)).getUTCFullYear();

export const isStorableYear = (text: string): boolean => {
  const year = yearOf(text);
  return year >= 1 && year <= 9999;
};

/** An instant with its offset, ISO 8601: 2024-03-01T10:00:00Z or 2024-03-01T11:00:00+01:00. */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .refine(isStorableYear, 'An instant in the years 0001–9999 (in UTC)');

/** A calendar date, ISO 8601 (YYYY-MM-DD), a real day of the years 0001–9999. */
export const calendarDateSchema = z.iso
  .date('a calendar date YYYY-MM-DD')
  .refine(isStorableYear, 'A date in the years 0001–9999');
