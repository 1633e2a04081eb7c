import { calendarDateSchema, cprSchema, cvrSchema } from '@digital-post/contracts';
import { z } from 'zod';

/**
 * One event from the population register (CPR) or the company register (CVR), as the registers
 * deliver them: one JSON object per line. Only the shape is checked here. Whether an event fits
 * what the register said before (an unknown CPR, a death before birth, a date in the future)
 * needs state, and the service decides that.
 */

const registerEventId = z.string().min(1).max(128);

/** Checked as the sender API checks them: a CPR number starts with a birth date (DDMMYY). */
const cpr = cprSchema;
const cvr = cvrSchema;

/** ISO 3166-1 alpha-2, upper case: DK Denmark, GL Greenland, FO the Faroe Islands. */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in upper case');

const population = { id: registerEventId, register: z.literal('population'), cpr };
const company = { id: registerEventId, register: z.literal('company'), cvr };

export const registerEventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      ...population,
      type: z.literal('born'),
      birthDate: calendarDateSchema,
      /** Absent: the register did not say, which for a birth it records means Denmark. */
      residenceCountry: countryCode.optional(),
    }),
    z.strictObject({
      ...population,
      type: z.literal('moved'),
      residenceCountry: countryCode,
      movedOn: calendarDateSchema,
    }),
    z.strictObject({ ...population, type: z.literal('died'), diedOn: calendarDateSchema }),
    z.strictObject({ ...company, type: z.literal('registered'), registeredOn: calendarDateSchema }),
    z.strictObject({ ...company, type: z.literal('ceased'), ceasedOn: calendarDateSchema }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'an unknown register event type' : 'expected an object',
  },
);

export type RegisterEvent = z.infer<typeof registerEventSchema>;

export type ParsedRegisterLine =
  | { ok: true; event: RegisterEvent }
  | {
      ok: false;
      reason: 'malformed-json' | 'invalid-event';
      /** What is wrong, without the line's content: a line holds CPR numbers and goes to logs. */
      detail: string;
      /** The event's id when the line has a usable one, so the rejection can name it. */
      id: string | null;
    };

export const parseRegisterLine = (line: string): ParsedRegisterLine => {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: 'malformed-json', detail: jsonErrorDetail(error), id: null };
  }
  const parsed = registerEventSchema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    reason: 'invalid-event',
    detail: parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`)
      .join('; '),
    id: idOf(json),
  };
};

const idOf = (json: unknown): string | null => {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const parsed = registerEventId.safeParse(json.id);
  return parsed.success ? parsed.data : null;
};

/** V8's message quotes the start of the text (a CPR number, say): keep only where it failed. */
const jsonErrorDetail = (error: unknown): string => {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `not valid JSON (at character ${position})`;
  if (/end of (JSON )?input/i.test(message)) return 'not valid JSON (it ends too early)';
  return 'not valid JSON';
};

/** True when `date` is after `today`; both `YYYY-MM-DD`, so text order is date order. */
export const isFutureDate = (date: string, today: string): boolean => {
  for (const value of [date, today]) {
    if (!calendarDateSchema.safeParse(value).success) {
      throw new RangeError(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
  }
  return date > today;
};

const copenhagenDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The register's calendar date at an instant: the date in Denmark, not in UTC. Between
 * midnight and 01:00 or 02:00 Danish time the two differ, and a death registered for today
 * would look like one in the future.
 */
export const registerDateOf = (instant: Date): string => {
  const parts = Object.fromEntries(
    copenhagenDate.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
};
