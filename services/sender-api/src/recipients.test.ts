import { describe, expect, it } from 'vitest';
import { isValidCpr } from './recipients.ts';

describe('isValidCpr', () => {
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
