import avro from 'avsc';
import type { z } from 'zod';
import type { AvroRecordSchema, AvroValue } from './avro/schema.ts';
import { zodFromAvro } from './avro/zod.ts';

/** One version of one event type: its Avro schema and what is derived from it. */
export interface EventContract<
  Type extends string = string,
  Version extends number = number,
  Data = unknown,
> {
  readonly type: Type;
  readonly version: Version;
  readonly description: string | undefined;
  readonly schema: AvroRecordSchema;
  readonly avroType: avro.Type;
  readonly zod: z.ZodType<Data>;
}

export type AnyEventContract = EventContract<string, number, unknown>;

/** The payload type of a contract (or of each member of a union of contracts). */
export type EventData<C extends AnyEventContract> = C extends AnyEventContract
  ? z.output<C['zod']>
  : never;

export interface EventDefinition<
  Type extends string,
  Version extends number,
  Schema extends AvroRecordSchema,
> {
  readonly type: Type;
  readonly version: Version;
  readonly schema: Schema;
  readonly description?: string;
}

export function defineEvent<
  const Type extends string,
  const Version extends number,
  const Schema extends AvroRecordSchema,
>(
  definition: EventDefinition<Type, Version, Schema>,
): EventContract<Type, Version, AvroValue<Schema>> {
  assertPositiveVersion(definition.type, definition.version);
  return Object.freeze({
    type: definition.type,
    version: definition.version,
    description: definition.description,
    schema: definition.schema,
    avroType: avroTypeFor(definition.schema),
    zod: zodFromAvro(definition.schema),
  });
}

/** avsc fills its options object with the named types it meets, so each call needs its own. */
function avroTypeFor(schema: AvroRecordSchema): avro.Type {
  // Unions are only ['null', X], so unwrapped values are unambiguous and match
  // the TypeScript shape; no record methods because decoded events are data.
  return avro.Type.forSchema(schema as avro.Schema, {
    wrapUnions: 'never',
    omitRecordMethods: true,
  });
}

function assertPositiveVersion(type: string, version: number): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new RangeError(`${type}: version must be a positive integer, got ${version}`);
  }
}
