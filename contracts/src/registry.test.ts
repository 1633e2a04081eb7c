import { describe, expect, expectTypeOf, it } from 'vitest';
import { ContractViolationError, DuplicateContractError, UnknownContractError } from './errors.ts';
import { defineEvent } from './contract.ts';
import {
  createProductRegistry,
  messageOpenedV1,
  messageRoutedV5,
  type MessageOpened,
  type MessageRoutedV2,
} from './events/index.ts';
import { ContractRegistry } from './registry.ts';

const opened: MessageOpened = {
  messageId: 'msg-1',
  mailboxId: 'mbx-owner',
  actorId: 'actor-7',
  onBehalfOf: null,
  viewingClient: 'mit_dk',
  openedAt: '2024-03-01T09:30:00.000Z',
};

describe('ContractRegistry lookups', () => {
  const registry = createProductRegistry();

  it('finds a contract by type and version', () => {
    expect(registry.get('MessageOpened', 1)).toBe(messageOpenedV1);
    expect(registry.has('MessageOpened', 1)).toBe(true);
    expect(registry.has('MessageOpened', 2)).toBe(false);
    expect(registry.latest('MessageRouted')).toBe(messageRoutedV5);
  });

  it('names the missing type and version', () => {
    // @ts-expect-error the type is checked at compile time too
    expect(() => registry.get('LetterRead', 1)).toThrow(UnknownContractError);
    // @ts-expect-error and so is the version
    expect(() => registry.get('MessageOpened', 3)).toThrow(
      'no contract is registered for event type "MessageOpened" version 3',
    );
    // @ts-expect-error as is latest's
    expect(() => registry.latest('LetterRead')).toThrow(UnknownContractError);
  });

  it('accepts run-time type names when held as a plain registry', () => {
    const plain: ContractRegistry = registry;
    const type: string = 'MessageOpened';
    expect(plain.get(type, 1).type).toBe('MessageOpened');
    expectTypeOf(plain.validate(type, 1, opened)).toEqualTypeOf<unknown>();
  });
});

describe('ContractRegistry.encode and decode', () => {
  const registry = createProductRegistry();

  it('round-trips an event as the registered type', () => {
    const bytes = registry.encode('MessageOpened', 1, opened);
    const decoded = registry.decode('MessageOpened', 1, bytes);
    expectTypeOf(decoded).toEqualTypeOf<MessageOpened>();
    expect(decoded).toStrictEqual(opened);
  });

  it('refuses invalid data with every issue and its path', () => {
    const invalid = { ...opened, viewingClient: 'fax', openedAt: 'yesterday', extra: 1 };
    // @ts-expect-error the payload type is checked at compile time too
    const attempt = () => registry.encode('MessageOpened', 1, invalid);
    expect(attempt).toThrow(ContractViolationError);
    const issues = catchViolation(attempt).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['', 'openedAt', 'viewingClient']);
  });

  it('keeps the offending values out of the error message', () => {
    const invalid = { ...opened, actorId: 12345678 };
    const error = catchViolation(() => registry.validate('MessageOpened', 1, invalid));
    expect(error.message).toContain('MessageOpened v1 violates its contract: actorId:');
    expect(error.message).not.toContain('12345678');
  });

  it('returns the parsed data from validate', () => {
    expect(registry.validate('MessageOpened', 1, opened)).toStrictEqual(opened);
  });

  it('refuses bytes that do not decode with the writer schema', () => {
    const bytes = registry.encode('MessageOpened', 1, opened);
    const truncated = bytes.subarray(0, bytes.length - 3);
    const trailing = Buffer.concat([bytes, Buffer.from([0])]);
    for (const corrupt of [truncated, trailing]) {
      expect(() => registry.decode('MessageOpened', 1, corrupt)).toThrow(ContractViolationError);
    }
  });

  it('types the decoded data by the reader version when given', () => {
    const bytes = registry.encode('MessageRouted', 2, {
      messageId: 'msg-1',
      channel: 'digital',
      recipientMailboxId: 'mbx-1',
      forwardingRuleId: null,
      forwardingRuleVersion: null,
      decidedAt: '2024-03-01T09:30:00.000Z',
      routerRelease: '2024.03.1',
      decisionBasis: 'recipient_enrolled',
    });
    expectTypeOf(registry.decode('MessageRouted', 2, bytes, 2)).toEqualTypeOf<MessageRoutedV2>();
  });
});

describe('ContractRegistry.register', () => {
  const draft = () =>
    defineEvent({
      type: 'LetterDrafted',
      version: 1,
      description: 'A test event.',
      schema: { type: 'record', name: 'LetterDrafted', fields: [{ name: 'id', type: 'string' }] },
    });

  it('ignores a contract registered twice', () => {
    const contract = draft();
    const registry = new ContractRegistry().register(contract, contract);
    expect(registry.all()).toEqual([contract]);
  });

  it('refuses a different definition of a registered version', () => {
    const registry = new ContractRegistry().register(draft());
    expect(() => registry.register(draft())).toThrow(DuplicateContractError);
  });

  it('lists contracts by type, then version', () => {
    const registry = createProductRegistry();
    const listed = registry.all().map((contract) => `${contract.type}@${contract.version}`);
    expect(listed).toEqual([...listed].sort());
    expect(listed.indexOf('MessageRouted@1')).toBe(listed.indexOf('MessageRouted@2') - 1);
  });

  it('refuses a version that is not a positive integer', () => {
    const schema = { type: 'record', name: 'Bad', fields: [] } as const;
    expect(() => defineEvent({ type: 'Bad', version: 0, schema })).toThrow(RangeError);
  });
});

function catchViolation(attempt: () => unknown): ContractViolationError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ContractViolationError) return error;
    throw error;
  }
  throw new Error('expected a ContractViolationError');
}

describe('which types a registry knows', () => {
  it('knows a type by any of its versions, and nothing of an unregistered one', () => {
    const registry = createProductRegistry();
    expect(registry.hasType('MessageAccepted')).toBe(true);
    expect(registry.hasType('LetterBurned')).toBe(false);
  });
});
