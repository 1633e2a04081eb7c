/**
 * The subset of Avro that event contracts use, typed so that a schema written
 * `as const` also yields its TypeScript type (`AvroValue`). The subset is kept
 * small on purpose: every construct here has a zod counterpart in `zod.ts`, and
 * a construct without one would let the two derivations drift apart.
 */

export type AvroPrimitiveName = 'string' | 'int' | 'long' | 'double' | 'boolean';

/**
 * A primitive with an Avro logical type. Readers that do not know the logical
 * type use the underlying primitive (Avro specification), so consumers in other
 * languages still read these fields; here it adds a stricter zod check.
 */
export interface AvroLogicalString {
  readonly type: 'string';
  readonly logicalType: string;
}

export interface AvroEnumSchema {
  readonly type: 'enum';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly symbols: readonly string[];
  /** Symbol a reader uses for a writer symbol it does not know. */
  readonly default?: string;
}

export interface AvroArraySchema {
  readonly type: 'array';
  readonly items: AvroSchema;
}

export interface AvroMapSchema {
  readonly type: 'map';
  readonly values: AvroSchema;
}

export interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc?: string;
  /** Value a reader of a newer version uses when the writer's version lacks the field. */
  readonly default?: unknown;
}

export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields: readonly AvroField[];
}

export type AvroNonNullSchema =
  | AvroPrimitiveName
  | AvroLogicalString
  | AvroEnumSchema
  | AvroArraySchema
  | AvroMapSchema
  | AvroRecordSchema;

/** Only `['null', X]`: wider unions have no single natural TypeScript or zod shape. */
export type AvroNullableSchema = readonly ['null', AvroNonNullSchema];

export type AvroSchema = AvroNonNullSchema | AvroNullableSchema;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type AvroRecordValue<Fields extends readonly AvroField[]> = Simplify<{
  [F in Fields[number] as F['name']]: AvroValue<F['type']>;
}>;

/**
 * The TypeScript type of a value of the Avro schema `S`, as avsc reads and
 * writes it. A schema only known as `AvroSchema` (code handling any event)
 * yields `unknown` rather than an endless expansion.
 */
export type AvroValue<S> = [AvroSchema] extends [S]
  ? unknown
  : S extends 'string'
    ? string
    : S extends 'int' | 'long' | 'double'
      ? number
      : S extends 'boolean'
        ? boolean
        : S extends readonly ['null', infer X]
          ? AvroValue<X> | null
          : S extends AvroLogicalString
            ? string
            : S extends { readonly type: 'enum'; readonly symbols: readonly (infer E)[] }
              ? E
              : S extends { readonly type: 'array'; readonly items: infer I }
                ? AvroValue<I>[]
                : S extends { readonly type: 'map'; readonly values: infer V }
                  ? Record<string, AvroValue<V>>
                  : S extends { readonly type: 'record'; readonly fields: infer F }
                    ? F extends readonly AvroField[]
                      ? AvroRecordValue<F>
                      : never
                    : never;

export function isNullableSchema(schema: AvroSchema): schema is AvroNullableSchema {
  return Array.isArray(schema);
}
