import { z } from 'zod';

/** When no SMS goes out: from one local time of day to another, in a time zone. */
export interface QuietPeriod {
  from: string;
  until: string;
  timeZone: string;
}

/** Nights in Denmark, unless configured: an SMS is held from 22:00 until 07:00. */
export const DEFAULT_QUIET_PERIOD: QuietPeriod = {
  from: '22:00',
  until: '07:00',
  timeZone: 'Europe/Copenhagen',
};

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const quietPeriodSchema = z
  .strictObject({
    from: timeOfDay,
    until: timeOfDay,
    timeZone: z.string().max(64).refine(isTimeZone, 'not a time zone, e.g. Europe/Copenhagen'),
  })
  .refine((period) => period.from !== period.until, {
    message: 'a quiet period begins and ends at different times of day',
    path: ['until'],
  });

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/** The wall clock in the zone at an instant: its date and minutes past midnight. */
const wallClock = (at: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return { ...parts, minutes: parts.hour * 60 + parts.minute };
};

/** The instant the zone's clocks show a time of day on a date (the date may overflow). */
const instantOf = (
  date: { year: number; month: number; day: number },
  minutes: number,
  zone: string,
) => {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let guess = wanted;
  // The zone's offset at the guess, twice: once more after a change of offset (summer time).
  for (let round = 0; round < 2; round += 1) {
    const shown = wallClock(new Date(guess), zone);
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    guess += wanted - shownUtc;
  }
  return new Date(guess);
};

/**
 * When an SMS that is due at `at` may go: `at` itself outside the quiet period, else the period's
 * end (the next morning, local time). A period may run over midnight (22:00 to 07:00) or not.
 */
export const sendableFrom = (at: Date, period: QuietPeriod): Date => {
  const clock = wallClock(at, period.timeZone);
  const [from, until] = [minutesOf(period.from), minutesOf(period.until)];
  const overMidnight = from > until;
  const quiet = overMidnight
    ? clock.minutes >= from || clock.minutes < until
    : clock.minutes >= from && clock.minutes < until;
  if (!quiet) return at;
  const nextDay = overMidnight && clock.minutes >= from ? 1 : 0;
  return instantOf({ ...clock, day: clock.day + nextDay }, until, period.timeZone);
};
