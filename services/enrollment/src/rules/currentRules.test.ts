import { describe, expect, it } from 'vitest';
import {
  noCompanyFacts,
  noPersonFacts,
  unenrollReasonOf,
  type CompanyFacts,
  type PersonFacts,
  type Verdict,
} from './rules.ts';
import { CURRENT_RULES_VERSION, currentRules } from './currentRules.ts';

const person = (facts: Partial<PersonFacts>): PersonFacts => ({
  known: true,
  birthDate: '2000-06-15',
  residenceCountry: 'DK',
  residentSince: null,
  diedOn: null,
  ...facts,
});

const enrolled = (cause: string): Verdict => ({ should: 'enrolled', cause }) as Verdict;
const notEnrolled = (reason: string): Verdict => ({ should: 'not_enrolled', reason }) as Verdict;
const either = (reason: string): Verdict => ({ should: 'either', reason }) as Verdict;

describe('the enrollment rules in force, for citizens', () => {
  it.each<[string, Partial<PersonFacts>, string, Verdict]>([
    // Age: enrolled from the day of the 15th birthday, in Danish calendar days.
    ['turns 15 today', { birthDate: '2011-11-22' }, '2026-11-22', enrolled('reached_age_15')],
    ['turns 15 tomorrow', { birthDate: '2011-11-23' }, '2026-11-22', notEnrolled('under_15')],
    ['turned 15 yesterday', { birthDate: '2011-11-21' }, '2026-11-22', enrolled('reached_age_15')],
    ['is 40', { birthDate: '1986-01-01' }, '2026-11-22', enrolled('reached_age_15')],
    ['is a baby', { birthDate: '2026-11-01' }, '2026-11-22', notEnrolled('under_15')],
    // Born on 29 February: in a year without one, the 15th birthday is 1 March.
    ['29 Feb birth, on 28 Feb', { birthDate: '2012-02-29' }, '2027-02-28', notEnrolled('under_15')],
    [
      '29 Feb birth, on 1 Mar',
      { birthDate: '2012-02-29' },
      '2027-03-01',
      enrolled('reached_age_15'),
    ],
    [
      '28 Feb birth, on 28 Feb',
      { birthDate: '2013-02-28' },
      '2028-02-28',
      enrolled('reached_age_15'),
    ],
    ['1 Mar birth, on 29 Feb', { birthDate: '2013-03-01' }, '2028-02-29', notEnrolled('under_15')],
    // Coming to Denmark: after 15 the cause is the move, before 15 the age.
    [
      'moved to DK at 30',
      { birthDate: '1990-04-01', residentSince: '2020-05-01' },
      '2026-11-22',
      enrolled('moved_to_denmark'),
    ],
    [
      'moved to DK at 10',
      { birthDate: '2000-04-01', residentSince: '2010-05-01' },
      '2026-11-22',
      enrolled('reached_age_15'),
    ],
    [
      'moved to DK at 10, still 14',
      { birthDate: '2012-04-01', residentSince: '2022-05-01' },
      '2026-11-22',
      notEnrolled('under_15'),
    ],
    // Greenland: never enrolled automatically, at any age.
    [
      'lives in Greenland at 30',
      { residenceCountry: 'GL' },
      '2026-11-22',
      notEnrolled('moved_to_greenland'),
    ],
    [
      'lives in Greenland at 10',
      { birthDate: '2016-01-01', residenceCountry: 'GL' },
      '2026-11-22',
      notEnrolled('moved_to_greenland'),
    ],
    [
      'moved to Greenland at 20',
      { residenceCountry: 'GL', residentSince: '2020-06-15' },
      '2026-11-22',
      notEnrolled('moved_to_greenland'),
    ],
    // Abroad: the rules neither enroll nor unenroll.
    ['lives in Germany at 30', { residenceCountry: 'DE' }, '2026-11-22', either('abroad')],
    ['lives in the Faroes at 30', { residenceCountry: 'FO' }, '2026-11-22', either('abroad')],
    [
      'lives in Germany at 10',
      { birthDate: '2016-01-01', residenceCountry: 'DE' },
      '2026-11-22',
      either('abroad'),
    ],
    // Death ends it, today or earlier, wherever the person lived.
    ['died today', { diedOn: '2026-11-22' }, '2026-11-22', notEnrolled('deceased')],
    ['died last year', { diedOn: '2025-01-01' }, '2026-11-22', notEnrolled('deceased')],
    [
      'died in Greenland',
      { diedOn: '2025-01-01', residenceCountry: 'GL' },
      '2026-11-22',
      notEnrolled('deceased'),
    ],
    [
      'died abroad',
      { diedOn: '2025-01-01', residenceCountry: 'DE' },
      '2026-11-22',
      notEnrolled('deceased'),
    ],
    [
      'died as a child',
      { birthDate: '2015-01-01', diedOn: '2025-01-01' },
      '2026-11-22',
      notEnrolled('deceased'),
    ],
    // Unknown to the registers: left to operators.
    ['was never reported', noPersonFacts(), '2026-11-22', either('unknown_to_registers')],
    ['has no birth date', { birthDate: null }, '2026-11-22', either('unknown_to_registers')],
  ])('a citizen who %s', (_, facts, today, verdict) => {
    expect(currentRules.citizen(person(facts), today)).toEqual(verdict);
  });
});

describe('the enrollment rules in force, for companies', () => {
  const company = (facts: Partial<CompanyFacts>): CompanyFacts => ({
    known: true,
    registeredOn: '2020-01-01',
    ceasedOn: null,
    ...facts,
  });

  it.each<[string, CompanyFacts, Verdict]>([
    ['registered', company({}), enrolled('registered')],
    ['registered today', company({ registeredOn: '2026-11-22' }), enrolled('registered')],
    ['ceased today', company({ ceasedOn: '2026-11-22' }), notEnrolled('ceased')],
    ['ceased last year', company({ ceasedOn: '2025-03-01' }), notEnrolled('ceased')],
    ['ceasing tomorrow', company({ ceasedOn: '2026-11-23' }), enrolled('registered')],
    ['never reported', noCompanyFacts(), either('unknown_to_registers')],
  ])('a company %s', (_, facts, verdict) => {
    expect(currentRules.company(facts, '2026-11-22')).toEqual(verdict);
  });
});

describe('what the rules record and which of their reasons unenroll', () => {
  it('carries its version, to find every change it made', () => {
    expect(currentRules.version).toBe(CURRENT_RULES_VERSION);
    expect(CURRENT_RULES_VERSION).toMatch(/^enrollment-rules\//);
  });

  it('unenrolls for death, Greenland and cessation, but never for being under 15', () => {
    expect(unenrollReasonOf('under_15')).toBeNull();
    expect(unenrollReasonOf('deceased')).toBe('deceased');
    expect(unenrollReasonOf('moved_to_greenland')).toBe('moved_to_greenland');
    expect(unenrollReasonOf('ceased')).toBe('ceased');
  });
});
