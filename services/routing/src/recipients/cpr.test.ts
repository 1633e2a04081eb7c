import { describe, expect, it } from 'vitest';
import { isValidCpr, isValidCvr } from './cpr.ts';
import { mayForward, parseMailboxId } from './mailboxId.ts';

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

describe('mailbox ids', () => {
  it('parses each kind and refuses malformed ids', () => {
    expect(parseMailboxId('cpr:0101901234')).toEqual({ kind: 'cpr', id: '0101901234' });
    expect(parseMailboxId('cvr:12345678')).toEqual({ kind: 'cvr', id: '12345678' });
    expect(parseMailboxId('authority:skat')).toEqual({ kind: 'authority', id: 'skat' });
    expect(parseMailboxId('cvr:1234567')).toBeUndefined();
    expect(parseMailboxId('person:1')).toBeUndefined();
    expect(parseMailboxId('12345678')).toBeUndefined();
    expect(isValidCvr('1234567a')).toBe(false);
  });

  it('lets only organisations forward', () => {
    expect(mayForward('cvr:12345678')).toBe(true);
    expect(mayForward('authority:skat')).toBe(true);
    expect(mayForward('cpr:0101901234')).toBe(false);
  });
});
