import { describe, expect, it } from 'vitest';
import {
  authorityIdSchema,
  cprSchema,
  isValidAuthorityId,
  isValidCpr,
  mailboxIdOf,
  mailboxIdSchema,
  parseMailboxId,
  type MailboxOwner,
} from './identifiers.ts';

describe('CPR numbers', () => {
  it.each(['0101901234', '2902004321', '3112991111', '2902884000'])('accepts %s', (cpr) => {
    expect(isValidCpr(cpr)).toBe(true);
  });

  it.each([
    ['3202901234', 'no 32nd day'],
    ['0113901234', 'no 13th month'],
    ['0000901234', 'no day 0'],
    ['2902011234', '1901 was no leap year'],
    ['010190123', 'nine digits'],
    ['01019012345', 'eleven digits'],
    ['01019O1234', 'a letter O'],
  ])('refuses %s (%s)', (cpr) => {
    expect(isValidCpr(cpr)).toBe(false);
  });

  it('places 29 February by the century the 7th digit gives', () => {
    expect(isValidCpr('2902000123')).toBe(false); // 1900: not a leap year
    expect(isValidCpr('2902004123')).toBe(true); // 2000: a leap year
  });
});

describe('CPR numbers, as authorities write them', () => {
  it.each(['0101901234', '3112991234', '2902004000', '2902964321', '1507574999'])(
    'accepts %s',
    (cpr) => expect(isValidCpr(cpr)).toBe(true),
  );
  it.each([
    ['a 9-digit number', '010190123'],
    ['letters', '01019O1234'],
    ['day 32', '3201901234'],
    ['month 13', '0113901234'],
    ['29 February in a year that is not a leap year', '2902011234'],
    ['29 February 1900 (century from the 7th digit)', '2902000123'],
  ])('refuses %s', (_case, cpr) => expect(isValidCpr(cpr)).toBe(false));
});

describe('the CPR schema', () => {
  it('names what is wrong', () => {
    expect(cprSchema.safeParse('12345').error?.issues[0]?.message).toBe(
      'A CPR number is 10 digits',
    );
    expect(cprSchema.safeParse('3213901234').error?.issues[0]?.message).toMatch(/date/);
  });
});

describe('mailbox ids, one rule for every service', () => {
  it.each([
    ['cpr:0101901234', { kind: 'cpr', id: '0101901234' }],
    ['cvr:12345678', { kind: 'cvr', id: '12345678' }],
    ['authority:skat', { kind: 'authority', id: 'skat' }],
    ['authority:Udbetaling.DK_1-2', { kind: 'authority', id: 'Udbetaling.DK_1-2' }],
  ])('reads %s', (mailboxId, owner) => {
    expect(parseMailboxId(mailboxId)).toEqual(owner);
    expect(mailboxIdOf(owner as MailboxOwner)).toBe(mailboxId);
    expect(mailboxIdSchema.safeParse(mailboxId).success).toBe(true);
  });

  it.each([
    'cpr:3202901234',
    'cpr:010190123',
    'cvr:1234567',
    'authority:',
    'authority:a:b',
    `authority:${'a'.repeat(129)}`,
    'authority:sk at',
    'toString:x',
    '__proto__:x',
    'cpr0101901234',
    '',
  ])('refuses %j', (mailboxId) => {
    expect(parseMailboxId(mailboxId)).toBeUndefined();
    expect(mailboxIdSchema.safeParse(mailboxId).success).toBe(false);
  });

  it('takes an authority id from a token as it is', () => {
    expect(isValidAuthorityId('a'.repeat(128))).toBe(true);
    expect(authorityIdSchema.safeParse('skat').success).toBe(true);
    expect(authorityIdSchema.safeParse('skat/../x').success).toBe(false);
  });
});
