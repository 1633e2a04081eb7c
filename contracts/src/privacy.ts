import { isNullableSchema, type AvroRecordSchema, type AvroSchema } from './avro/schema.ts';

/**
 * Words that, in a field name, suggest letter content or personal contact data.
 * Events on the bus carry ids, decisions and hashes; these fields belong in the
 * services that own them, fetched by those allowed to see them.
 */
const suspectWords = [
  'content',
  'body',
  'text',
  'title',
  'subject',
  'name',
  'phone',
  'contact',
  'mobile',
  'email',
  'address',
] as const;

/** A digest of content is what the bus is meant to carry instead of the content. */
const digestSuffixes = ['sha256', 'hash'] as const;

/** Dotted paths of fields (nested ones included) whose names suggest content or contact data. */
export function suspectPersonalDataFields(schema: AvroRecordSchema): string[] {
  return schema.fields.flatMap((field) => {
    const own = isSuspect(field.name) ? [field.name] : [];
    const nested = nestedRecords(field.type).flatMap((record) =>
      suspectPersonalDataFields(record).map((path) => `${field.name}.${path}`),
    );
    return [...own, ...nested];
  });
}

function isSuspect(fieldName: string): boolean {
  const lower = fieldName.toLowerCase();
  if (digestSuffixes.some((suffix) => lower.endsWith(suffix))) return false;
  return suspectWords.some((word) => lower.includes(word));
}

function nestedRecords(schema: AvroSchema): AvroRecordSchema[] {
  if (isNullableSchema(schema)) return nestedRecords(schema[1]);
  if (typeof schema === 'string') return [];
  switch (schema.type) {
    case 'record':
      return [schema];
    case 'array':
      return nestedRecords(schema.items);
    case 'map':
      return nestedRecords(schema.values);
    default:
      return [];
  }
}
