import { ProblemError } from '@digital-post/service-kit';
import { describe, expect, it } from 'vitest';
import {
  noticeDetailsInputSchema,
  noticeEmailSchema,
  noticePhoneSchema,
} from '@digital-post/contracts';
import { parseNoticeDetailsInput } from './noticeDetailsInput.ts';

describe('phone numbers for notices', () => {
  it.each(['+4512345678', '+4799999999', '+12025550123', '+491701234567', '+123456789012345'])(
    'accepts %s',
    (phone) => expect(noticePhoneSchema.safeParse(phone).success).toBe(true),
  );

  it.each([
    ['no plus', '4512345678'],
    ['a Danish number with seven digits', '+451234567'],
    ['a Danish number with nine digits', '+45123456789'],
    ['spaces', '+45 12 34 56 78'],
    ['too few digits', '+1234567'],
    ['too many digits', '+1234567890123456'],
    ['a leading zero country code', '+0012345678'],
    ['letters', '+45ABCDEFGH'],
    ['a trailing newline', '+4512345678\n'],
    ['empty', ''],
  ])('refuses %s', (_, phone) => expect(noticePhoneSchema.safeParse(phone).success).toBe(false));
});

describe('e-mail addresses for notices', () => {
  it.each(['anna@example.dk', 'a.b+notices@sub.example.com'])('accepts %s', (email) =>
    expect(noticeEmailSchema.safeParse(email).success).toBe(true),
  );

  it.each([
    ['no at', 'anna.example.dk'],
    ['no domain', 'anna@'],
    ['spaces', 'anna @example.dk'],
    ['a header injection', 'anna@example.dk\r\nBcc: all@example.dk'],
    ['markup', '<script>@example.dk'],
    ['255 characters', `${'a'.repeat(244)}@example.dk`],
  ])('refuses %s', (_, email) => expect(noticeEmailSchema.safeParse(email).success).toBe(false));

  it('accepts exactly 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.dk`;
    expect(email).toHaveLength(254);
    expect(noticeEmailSchema.safeParse(email).success).toBe(true);
  });
});

describe('details for notices as a whole', () => {
  it('takes either, both, or neither to clear them', () => {
    for (const details of [
      { phone: '+4512345678', email: null },
      { phone: null, email: 'anna@example.dk' },
      { phone: '+4512345678', email: 'anna@example.dk' },
      { phone: null, email: null },
    ]) {
      expect(noticeDetailsInputSchema.parse(details)).toEqual(details);
    }
  });

  it('needs both fields named, and no others', () => {
    for (const details of [
      {},
      { phone: '+4512345678' },
      { phone: null, email: null, enrolled: false },
    ]) {
      expect(noticeDetailsInputSchema.safeParse(details).success).toBe(false);
    }
  });

  it('turns bad input into a 400 validation problem pointing at the field', () => {
    let thrown: unknown;
    try {
      parseNoticeDetailsInput({ phone: '12', email: null });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    expect((thrown as ProblemError).problem).toMatchObject({
      status: 400,
      type: 'https://digitalpost.dk/problems/validation',
      errors: [expect.objectContaining({ location: 'body', pointer: '/phone' })],
    });
  });
});
