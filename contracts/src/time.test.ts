import { describe, expect, it } from 'vitest';
import { calendarDateSchema, instantSchema } from './time.ts';

describe('times every service accepts alike', () => {
  it.each([
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '2026-11-26T10:00:00+01:00',
    '0001-01-01T00:30:00-01:00',
  ])('an instant in the years 0001–9999 in UTC: %s', (instant) => {
    expect(instantSchema.safeParse(instant).success).toBe(true);
  });

  it.each([
    '0000-12-31T23:59:59Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:30:00-01:00',
    '10000-01-01T00:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-11-26 10:00:00',
    '2026-11-26T10:00:00',
  ])('not an instant PostgreSQL would store as meant: %s', (instant) => {
    expect(instantSchema.safeParse(instant).success).toBe(false);
  });

  it('takes real days of the years 0001–9999 as calendar dates', () => {
    expect(calendarDateSchema.safeParse('0001-01-01').success).toBe(true);
    expect(calendarDateSchema.safeParse('2024-02-29').success).toBe(true);
    for (const date of ['0000-01-01', '2023-02-29', '2026-13-01', '10000-01-01', '2026-1-1']) {
      expect(calendarDateSchema.safeParse(date).success, date).toBe(false);
    }
  });
});
