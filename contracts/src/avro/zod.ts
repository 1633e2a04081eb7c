import { z } from 'zod';
import { logicalStringValidator } from './logicalTypes.ts';
import {
  isNullableSchema,
  type AvroPrimitiveName,
  type AvroRecordSchema,
  type AvroSchema,
  type AvroValue,
} from './schema.ts';

/**
 * The zod validator for values of an Avro schema. It is at least as strict as
 * avsc (unknown fields rejected, ints in the 32-bit range, longs safe integers)
 * so that whatever passes it also encodes, and it is the check that runs first
 * because its issues name the offending path.
 */
export function zodFromAvro<const S extends AvroSchema>(schema: S): z.ZodType<AvroValue<S>> {
  // The cast is the one place the runtime derivation meets the type-level one;
  // the contract tests check that the two agree on every registered schema.
  return validatorFor(schema) as unknown as z.ZodType<AvroValue<S>>;
}

function validatorFor(schema: AvroSchema): z.ZodType {
  if (isNullableSchema(schema)) return validatorFor(schema[1]).nullable();
  if (typeof schema === 'string') return primitiveValidator(schema);
  switch (schema.type) {
    case 'string':
      return logicalStringValidator(schema.logicalType);
    case 'enum':
      return z.enum(schema.symbols as [string, ...string[]]);
    case 'array':
      return z.array(validatorFor(schema.items));
    case 'map':
      return z.record(z.string(), validatorFor(schema.values));
    case 'record':
      return recordValidator(schema);
  }
}

function primitiveValidator(name: AvroPrimitiveName): z.ZodType {
  switch (name) {
    case 'string':
      return z.string();
    case 'int':
      return z.int32();
    case 'long':
      // avsc represents longs as JS numbers and refuses unsafe integers.
      return z.int();
    case 'double':
      return z.number();
    case 'boolean':
      return z.boolean();
  }
}

function recordValidator(schema: AvroRecordSchema): z.ZodType {
  const shape = Object.fromEntries(
    schema.fields.map((field) => [field.name, validatorFor(field.type)]),
  );
  // Strict both ways. An undeclared field would be dropped silently by the
  // encoder. A missing field is refused even when it has a default: defaults
  // are for reading events written before the field existed, and an event
  // written today states every fact, so a forgotten forwardingRuleId is a bug
  // rather than a quiet "not forwarded".
  return z.strictObject(shape);
}
