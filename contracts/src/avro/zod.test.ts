import avro from 'avsc';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isoTimestampSchema, sha256Schema } from './logicalTypes.ts';
import { sampleFromAvro } from './sample.ts';
import type { AvroRecordSchema, AvroValue } from './schema.ts';
import { zodFromAvro } from './zod.ts';

const everyConstruct = {
  type: 'record',
  name: 'EveryConstruct',
  namespace: 'dk.digitalpost.test',
  fields: [
    { name: 'text', type: 'string' },
    { name: 'small', type: 'int' },
    { name: 'large', type: 'long' },
    { name: 'ratio', type: 'double' },
    { name: 'flag', type: 'boolean' },
    { name: 'at', type: isoTimestampSchema },
    { name: 'digest', type: sha256Schema },
    { name: 'colour', type: { type: 'enum', name: 'Colour', symbols: ['red', 'green'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'counts', type: { type: 'map', values: 'int' } },
    {
      name: 'parts',
      type: {
        type: 'array',
        items: { type: 'record', name: 'Part', fields: [{ name: 'size', type: 'long' }] },
      },
    },
    { name: 'maybe', type: ['null', 'string'], default: null },
    {
      name: 'inner',
      type: ['null', { type: 'record', name: 'Inner', fields: [{ name: 'ok', type: 'boolean' }] }],
      default: null,
    },
  ],
} as const satisfies AvroRecordSchema;

type EveryConstruct = AvroValue<typeof everyConstruct>;

const valid: EveryConstruct = sampleFromAvro(everyConstruct);
const validator = zodFromAvro(everyConstruct);
const avroType = avro.Type.forSchema(everyConstruct as unknown as avro.Schema, {
  wrapUnions: 'never',
});

describe('AvroValue', () => {
  it('maps each Avro construct to its TypeScript type', () => {
    expectTypeOf<EveryConstruct>().toEqualTypeOf<{
      text: string;
      small: number;
      large: number;
      ratio: number;
      flag: boolean;
      at: string;
      digest: string;
      colour: 'red' | 'green';
      tags: string[];
      counts: Record<string, number>;
      parts: { size: number }[];
      maybe: string | null;
      inner: { ok: boolean } | null;
    }>();
  });

  it('is the output type of the derived zod validator', () => {
    expectTypeOf(validator.parse(valid)).toEqualTypeOf<EveryConstruct>();
  });
});

describe('zodFromAvro', () => {
  it('accepts what avsc accepts, including nulls in nullable fields', () => {
    const withNulls = { ...valid, maybe: null, inner: null };
    for (const value of [valid, withNulls]) {
      expect(validator.parse(value)).toEqual(value);
      expect(avroType.fromBuffer(avroType.toBuffer(value))).toEqual(value);
    }
  });

  const rejected: Record<string, unknown> = {
    'a missing field': omit(valid, 'flag'),
    'an undeclared field': { ...valid, extra: 'x' },
    'an undeclared field in a nested record': { ...valid, inner: { ok: true, extra: 1 } },
    'a fractional int': { ...valid, small: 1.5 },
    'an int beyond 32 bits': { ...valid, small: 2 ** 31 },
    'an unsafe long': { ...valid, large: 2 ** 60 },
    'an unknown enum symbol': { ...valid, colour: 'blue' },
    'null where the schema has no null': { ...valid, text: null },
    'a wrong map value': { ...valid, counts: { a: 'one' } },
    'a wrong array item': { ...valid, parts: [{ size: 'big' }] },
  };

  it.each(Object.entries(rejected))('rejects %s, as avsc does', (_, value) => {
    expect(validator.safeParse(value).success).toBe(false);
    expect(avroType.isValid(value, { noUndeclaredFields: true })).toBe(false);
  });

  it('is stricter than avsc on logical types it knows', () => {
    for (const value of [
      { ...valid, at: '1 March 2024' },
      { ...valid, at: '2024-03-01T10:30:00+01:00' },
      { ...valid, digest: 'E3B0' },
    ]) {
      expect(validator.safeParse(value).success).toBe(false);
      expect(avroType.isValid(value)).toBe(true);
    }
  });

  it('treats unknown logical types as their underlying string, as Avro readers do', () => {
    const schema = { type: 'string', logicalType: 'postcode' } as const;
    expect(zodFromAvro(schema).parse('any text')).toBe('any text');
  });
});

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}
