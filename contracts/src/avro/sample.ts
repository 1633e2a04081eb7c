import { logicalStringExample } from './logicalTypes.ts';
import {
  isNullableSchema,
  type AvroPrimitiveName,
  type AvroSchema,
  type AvroValue,
} from './schema.ts';

/**
 * A valid value of an Avro schema, with every nullable field filled in so that
 * nested records are exercised too. Meant for tests of code that handles any
 * event (the bus, the relay) and for the contracts' own derivation tests.
 */
export function sampleFromAvro<const S extends AvroSchema>(schema: S): AvroValue<S> {
  return sampleOf(schema) as AvroValue<S>;
}

function sampleOf(schema: AvroSchema): unknown {
  if (isNullableSchema(schema)) return sampleOf(schema[1]);
  if (typeof schema === 'string') return primitiveSample(schema);
  switch (schema.type) {
    case 'string':
      return logicalStringExample(schema.logicalType);
    case 'enum':
      return schema.symbols[0];
    case 'array':
      return [sampleOf(schema.items)];
    case 'map':
      return { key: sampleOf(schema.values) };
    case 'record':
      return Object.fromEntries(schema.fields.map((field) => [field.name, sampleOf(field.type)]));
  }
}

function primitiveSample(name: AvroPrimitiveName): unknown {
  const samples = { string: 'example', int: 7, long: 2 ** 40, double: 0.5, boolean: true };
  return samples[name];
}
