import { describe, expect, it } from 'vitest';
import { sampleFromAvro } from '../avro/sample.ts';
import { isNullableSchema, type AvroSchema } from '../avro/schema.ts';
import type { AnyEventContract } from '../contract.ts';
import { createProductRegistry, productContracts } from './index.ts';

/**
 * The zod validators and TypeScript types are derived from the Avro schemas;
 * these tests hold the derivation to account on every contract the product
 * registers: what zod accepts avsc encodes, and what avsc refuses zod refuses.
 */
const registry = createProductRegistry();
const byName = (contract: AnyEventContract) => `${contract.type} v${contract.version}`;
const cases = productContracts.map((contract) => [byName(contract), contract] as const);

describe.each(cases)('%s', (_, contract: AnyEventContract) => {
  const sample = sampleFromAvro(contract.schema) as Record<string, unknown>;

  it('names its Avro record after its event type', () => {
    expect(contract.schema.name).toBe(contract.type);
    expect(contract.description).toBeTruthy();
  });

  it('accepts a valid event with zod and round-trips it through avsc', () => {
    expect(contract.zod.parse(sample)).toEqual(sample);
    const bytes = contract.avroType.toBuffer(sample);
    expect(contract.zod.parse(contract.avroType.fromBuffer(bytes))).toEqual(sample);
  });

  it('encodes and decodes through the registry', () => {
    const bytes = registry.encode(
      contract.type as never,
      contract.version as never,
      sample as never,
    );
    const decoded = registry.decode(contract.type as never, contract.version as never, bytes);
    expect(decoded).toMatchObject(sample);
  });

  it('is refused by both zod and avsc with an undeclared field', () => {
    const invalid = { ...sample, undeclared: 'x' };
    expect(contract.zod.safeParse(invalid).success).toBe(false);
    expect(contract.avroType.isValid(invalid, { noUndeclaredFields: true })).toBe(false);
  });

  const fields = contract.schema.fields.map((field) => [field.name, field] as const);

  it.each(fields)('is refused by both zod and avsc with a wrong kind of %s', (name, field) => {
    const invalid = { ...sample, [name]: wrongValueFor(field.type) };
    expect(contract.zod.safeParse(invalid).success).toBe(false);
    expect(contract.avroType.isValid(invalid)).toBe(false);
  });

  it.each(fields)('is refused without %s (by avsc too unless it has a default)', (name, field) => {
    const { [name]: _removed, ...missing } = sample;
    expect(contract.zod.safeParse(missing).success).toBe(false);
    expect(contract.avroType.isValid(missing)).toBe('default' in field);
  });
});

describe('the product registry', () => {
  it('holds every product contract', () => {
    expect(registry.all().map(byName)).toEqual(productContracts.map(byName).sort());
  });

  /** A routing decision as version 2 recorded it: no letter. */
  const v2 = {
    messageId: 'msg-1',
    channel: 'digital' as const,
    recipientMailboxId: 'cpr:0101901234',
    forwardingRuleId: null,
    forwardingRuleVersion: null,
    decidedAt: '2024-03-01T09:30:00.000Z',
    routerRelease: '2024.03.1',
    decisionBasis: 'recipient_enrolled' as const,
  };

  it('reads MessageRouted at version 5 by default, a decision of version 2 with no letter', () => {
    expect(registry.latest('MessageRouted').version).toBe(5);
    const bytes = registry.encode('MessageRouted', 2, v2);
    expect(registry.decode('MessageRouted', 2, bytes)).toEqual({
      ...v2,
      letter: null,
      caseReference: null,
    });
  });

  it("reads a version 3 decision's letter as one to deliver at once", () => {
    const letter = { senderId: 'authority:skat', legalNotification: true, replyAllowed: false };
    const v3 = { ...v2, letter: { ...letter, inReplyTo: null } };
    const read = registry.decode('MessageRouted', 3, registry.encode('MessageRouted', 3, v3), 4);
    expect(read.letter).toEqual({ ...v3.letter, doNotDeliverUntil: null });
  });
});

/** A value of another kind than the schema allows, nullable or not. */
function wrongValueFor(schema: AvroSchema): unknown {
  if (isNullableSchema(schema)) return wrongValueFor(schema[1]);
  if (typeof schema === 'string') return schema === 'string' ? 42 : 'not a ' + schema;
  switch (schema.type) {
    case 'string':
      return 42;
    case 'enum':
      return 'not_a_symbol';
    case 'array':
      return 'not an array';
    case 'map':
      return 42;
    case 'record':
      return 'not a record';
  }
}
