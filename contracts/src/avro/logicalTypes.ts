import { z } from 'zod';

/**
 * Timestamps travel as ISO 8601 strings in UTC (`...Z`): readable in a replay
 * or an incident report without conversion, and ordered as text.
 */
export const isoTimestampSchema = { type: 'string', logicalType: 'iso-datetime' } as const;

/** A calendar date (`YYYY-MM-DD`), for register facts that have no time of day: born, died. */
export const isoDateSchema = { type: 'string', logicalType: 'iso-date' } as const;

/** A SHA-256 digest as 64 lower-case hex digits: how content is referenced on the bus. */
export const sha256Schema = { type: 'string', logicalType: 'sha256-hex' } as const;

interface LogicalString {
  readonly validator: () => z.ZodType<string>;
  /** A valid value, for examples and contract tests. */
  readonly example: string;
}

const logicalStrings: Readonly<Record<string, LogicalString>> = {
  [isoTimestampSchema.logicalType]: {
    validator: () => z.iso.datetime(),
    example: '2024-03-01T09:30:00.000Z',
  },
  [isoDateSchema.logicalType]: {
    validator: () => z.iso.date(),
    example: '2011-11-22',
  },
  [sha256Schema.logicalType]: {
    validator: () => z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256 digest'),
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
};

/** Unknown logical types fall back to the plain string, as Avro readers do. */
export function logicalStringValidator(logicalType: string): z.ZodType<string> {
  return logicalStrings[logicalType]?.validator() ?? z.string();
}

export function logicalStringExample(logicalType: string): string {
  return logicalStrings[logicalType]?.example ?? logicalType;
}
