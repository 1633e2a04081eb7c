import { describe, expect, it } from 'vitest';
import type { AvroField } from './avro/schema.ts';
import { defineEvent } from './contract.ts';
import { IncompatibleSchemaError } from './errors.ts';
import {
  messageRoutedV1,
  messageRoutedV1Schema,
  messageRoutedV2,
  messageRoutedV2Schema,
  type MessageRoutedV1,
} from './events/index.ts';
import { ContractRegistry } from './registry.ts';

const routedV1: MessageRoutedV1 = {
  messageId: 'msg-1',
  channel: 'forwarded',
  recipientMailboxId: 'mbx-provider',
  forwardingRuleId: 'rule-9',
  forwardingRuleVersion: 3,
  decidedAt: '2021-02-08T10:00:00.000Z',
};

describe('reading events written with an older version', () => {
  const registry = new ContractRegistry().register(messageRoutedV1, messageRoutedV2);
  const writtenAsV1 = registry.encode('MessageRouted', 1, routedV1);

  it('gives fields added in version 2 their defaults', () => {
    expect(registry.decode('MessageRouted', 1, writtenAsV1, 2)).toStrictEqual({
      ...routedV1,
      routerRelease: null,
      decisionBasis: 'unknown',
    });
  });

  it('reads with the latest version unless told otherwise', () => {
    expect(registry.decode('MessageRouted', 1, writtenAsV1)).toHaveProperty('routerRelease', null);
    expect(registry.decode('MessageRouted', 1, writtenAsV1, 1)).toStrictEqual(routedV1);
  });

  it('lets a consumer still on version 1 read version 2 events, skipping the new fields', () => {
    const writtenAsV2 = registry.encode('MessageRouted', 2, {
      ...routedV1,
      routerRelease: '2021.02.8',
      decisionBasis: 'forwarding_rule',
    });
    expect(registry.decode('MessageRouted', 2, writtenAsV2, 1)).toStrictEqual(routedV1);
  });
});

describe('the evolution guard', () => {
  const routedV2With = (field: AvroField) =>
    defineEvent({
      type: 'MessageRouted',
      version: 2,
      schema: { ...messageRoutedV1Schema, fields: [...messageRoutedV1Schema.fields, field] },
    });

  it('refuses a new version that adds a field without a default', () => {
    const incompatible = routedV2With({ name: 'routerRelease', type: 'string' });
    const registry = new ContractRegistry().register(messageRoutedV1);
    expect(() => registry.register(incompatible)).toThrow(IncompatibleSchemaError);
    expect(() => registry.register(incompatible)).toThrow(
      'MessageRouted v2 cannot read data written as v1',
    );
    expect(registry.has('MessageRouted', 2)).toBe(false);
  });

  it('refuses a new version that drops a symbol older events may hold', () => {
    const schema = {
      ...messageRoutedV1Schema,
      fields: messageRoutedV1Schema.fields.map((field) =>
        field.name === 'channel'
          ? { ...field, type: { ...field.type, symbols: ['digital', 'paper'] } }
          : field,
      ),
    };
    const narrowed = defineEvent({ type: 'MessageRouted', version: 2, schema });
    const registry = new ContractRegistry().register(messageRoutedV1);
    expect(() => registry.register(narrowed)).toThrow(IncompatibleSchemaError);
  });

  it('checks every older version, since the store replays them all', () => {
    // Version 2 writes decisionBasis, version 1 did not, and version 3 drops its default.
    const fields = messageRoutedV2Schema.fields.map((field) =>
      field.name === 'decisionBasis' ? { name: field.name, type: field.type } : field,
    );
    const v3 = defineEvent({
      type: 'MessageRouted',
      version: 3,
      schema: { ...messageRoutedV2Schema, fields },
    });
    const registry = new ContractRegistry().register(messageRoutedV2);
    expect(() => registry.register(v3)).not.toThrow();
    expect(() => new ContractRegistry().register(messageRoutedV1, messageRoutedV2, v3)).toThrow(
      'MessageRouted v3 cannot read data written as v1',
    );
  });

  it('checks a version registered after its successor against that successor', () => {
    const incompatible = routedV2With({ name: 'routerRelease', type: 'string' });
    const registry = new ContractRegistry().register(incompatible);
    expect(() => registry.register(messageRoutedV1)).toThrow(IncompatibleSchemaError);
  });

  it('registers nothing from a batch that fails', () => {
    const incompatible = routedV2With({ name: 'routerRelease', type: 'string' });
    const registry = new ContractRegistry();
    expect(() => registry.register(messageRoutedV1, incompatible)).toThrow();
    expect(registry.all()).toEqual([]);
  });

  it('refuses a version whose record was renamed', () => {
    const renamed = defineEvent({
      type: 'MessageRouted',
      version: 2,
      schema: { ...messageRoutedV1Schema, name: 'RoutingDecided' },
    });
    const registry = new ContractRegistry().register(messageRoutedV1);
    expect(() => registry.register(renamed)).toThrow(IncompatibleSchemaError);
  });
});
