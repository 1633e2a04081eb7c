import { cprSchema, cvrSchema } from '@digital-post/contracts';
import { z } from 'zod';

/**
 * The shapes every operator request is checked against. Strict objects throughout: a field the
 * API does not know is refused rather than ignored, so a mistyped field never passes unnoticed.
 */

export { caseReferenceSchema, cprSchema, cvrSchema } from '@digital-post/contracts';

export const subjectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
  z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
]);

/** Up to this many subjects in one remediation, and held changes in one decision. */
export const MAX_SUBJECTS = 10_000;

export const subjectsSchema = z.array(subjectSchema).min(1).max(MAX_SUBJECTS);

/** An authority, or an id an authority gave: the alphabet of principal ids. */
export const referenceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, '1-128 of A-Z a-z 0-9 . _ -');

export { calendarDateSchema, instantSchema } from '@digital-post/contracts';

export const subjectAnswer = z.object({ kind: z.enum(['cpr', 'cvr']), id: z.string() });

/** A timestamp as the drivers return it (a Date, or text), as ISO 8601 in UTC. */
export const isoOf = (value: unknown): string => new Date(value as string | Date).toISOString();

export const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : isoOf(value);
