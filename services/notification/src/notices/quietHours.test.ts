import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_PERIOD, quietPeriodSchema, sendableFrom } from './quietHours.ts';

const at = (iso: string) => sendableFrom(new Date(iso), DEFAULT_QUIET_PERIOD).toISOString();

describe('an SMS and the night in Denmark (22:00 to 07:00, Copenhagen time)', () => {
  it.each([
    // Winter: Copenhagen is UTC+1.
    ['2026-12-01T12:00:00.000Z', '2026-12-01T12:00:00.000Z', 'goes at once by day'],
    ['2026-12-01T20:59:00.000Z', '2026-12-01T20:59:00.000Z', 'goes at once at 21:59'],
    ['2026-12-01T21:00:00.000Z', '2026-12-02T06:00:00.000Z', 'waits from 22:00 to 07:00 next day'],
    ['2026-12-01T23:30:00.000Z', '2026-12-02T06:00:00.000Z', 'after midnight, waits till 07:00'],
    ['2026-12-02T05:59:00.000Z', '2026-12-02T06:00:00.000Z', 'at 06:59, waits a minute'],
    ['2026-12-02T06:00:00.000Z', '2026-12-02T06:00:00.000Z', 'goes at 07:00 itself'],
    // Summer: UTC+2; and the night the clocks go forward (29 March 2026, 02:00 → 03:00).
    ['2026-07-01T20:30:00.000Z', '2026-07-02T05:00:00.000Z', 'in summer, waits till 07:00 local'],
    ['2026-03-28T22:00:00.000Z', '2026-03-29T05:00:00.000Z', 'across the change to summer time'],
    ['2026-10-24T21:00:00.000Z', '2026-10-25T06:00:00.000Z', 'across the change to winter time'],
  ])('%s → %s: %s', (due, sendable) => {
    expect(at(due)).toBe(sendable);
  });

  it('keeps a period within one day, too', () => {
    const lunch = { from: '12:00', until: '13:00', timeZone: 'UTC' };
    expect(sendableFrom(new Date('2026-12-01T12:30:00Z'), lunch).toISOString()).toBe(
      '2026-12-01T13:00:00.000Z',
    );
    expect(sendableFrom(new Date('2026-12-01T13:30:00Z'), lunch).toISOString()).toBe(
      '2026-12-01T13:30:00.000Z',
    );
  });

  it.each([
    [{ from: '22:00', until: '22:00', timeZone: 'Europe/Copenhagen' }, 'begins as it ends'],
    [{ from: '24:00', until: '07:00', timeZone: 'Europe/Copenhagen' }, 'no such time'],
    [{ from: '22:00', until: '7:00', timeZone: 'Europe/Copenhagen' }, 'not HH:MM'],
    [{ from: '22:00', until: '07:00', timeZone: 'Europe/Atlantis' }, 'no such zone'],
    [{ from: '22:00', until: '07:00' }, 'no zone'],
  ] as Array<[object, string]>)('refuses a period that makes no sense: %o (%s)', (period) => {
    expect(quietPeriodSchema.safeParse(period).success).toBe(false);
  });
});
