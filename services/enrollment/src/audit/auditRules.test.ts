import { describe, expect, it } from 'vitest';
import { currentRules } from '../rules/currentRules.ts';
import type { CompanyFacts, PersonFacts } from '../rules/rules.ts';
import { auditRow, countInto, emptySummary, type AuditedRow, type MadeBy } from './auditRules.ts';

const today = '2026-03-02';

const person = (facts: Partial<PersonFacts> = {}): PersonFacts => ({
  known: true,
  birthDate: '1980-05-01',
  residenceCountry: 'DK',
  residentSince: null,
  diedOn: null,
  ...facts,
});

const company = (facts: Partial<CompanyFacts> = {}): CompanyFacts => ({
  known: true,
  registeredOn: '2001-01-01',
  ceasedOn: null,
  ...facts,
});

const madeBy: MadeBy = {
  eventId: 'e-1',
  eventType: 'CitizenEnrolled',
  at: '2026-03-01T10:00:00.000Z',
  ruleVersion: 'enrollment-rules/faulty',
  trigger: 'operator_command',
};

const citizen = (
  facts: PersonFacts,
  recorded: Partial<Omit<AuditedRow, 'subject' | 'facts'>> = {},
): AuditedRow => ({
  subject: { kind: 'cpr', id: '0105801234' },
  facts,
  enrolled: false,
  everEnrolled: false,
  exempt: false,
  heldChanges: 0,
  lastChange: null,
  ...recorded,
});

describe('the audit of one subject', () => {
  it('finds nothing where the record is what the rules say', () => {
    expect(auditRow(currentRules, citizen(person(), { enrolled: true }), today)).toBeNull();
    const child = citizen(person({ birthDate: '2015-01-01' }));
    expect(auditRow(currentRules, child, today)).toBeNull();
    const greenlander = citizen(person({ residenceCountry: 'GL' }));
    expect(auditRow(currentRules, greenlander, today)).toBeNull();
  });

  it('lists a Greenland resident who is enrolled, with the change that did it', () => {
    const row = citizen(person({ residenceCountry: 'GL' }), {
      enrolled: true,
      everEnrolled: true,
      lastChange: madeBy,
    });
    expect(auditRow(currentRules, row, today)).toEqual({
      subject: row.subject,
      recorded: { enrolled: true, exempt: false },
      rules: { should: 'not_enrolled', reason: 'moved_to_greenland' },
      madeBy,
      heldChanges: 0,
      remedy: 'apply-rules',
    });
  });

  it('lists someone the rules enroll who is not, and says how to restore them', () => {
    const unenrolled = citizen(person(), { everEnrolled: true, lastChange: madeBy });
    expect(auditRow(currentRules, unenrolled, today)).toMatchObject({
      rules: { should: 'enrolled', cause: 'reached_age_15' },
      remedy: 'reenroll',
    });
    const never = citizen(person());
    expect(auditRow(currentRules, never, today)).toMatchObject({ remedy: 'apply-rules' });
  });

  it('takes an exemption as "should not be enrolled", whatever the rules say', () => {
    expect(auditRow(currentRules, citizen(person(), { exempt: true }), today)).toBeNull();
    const enrolledExempt = citizen(person(), { exempt: true, enrolled: true });
    expect(auditRow(currentRules, enrolledExempt, today)).toMatchObject({
      recorded: { enrolled: true, exempt: true },
      rules: { should: 'not_enrolled', reason: 'exempt' },
      remedy: null,
    });
  });

  it('never lists what the rules leave open: abroad, or unknown to the registers', () => {
    for (const enrolled of [true, false]) {
      const abroad = citizen(person({ residenceCountry: 'SE' }), { enrolled });
      expect(auditRow(currentRules, abroad, today)).toBeNull();
      const unknown = citizen(person({ known: false, birthDate: null }), { enrolled });
      expect(auditRow(currentRules, unknown, today)).toBeNull();
    }
  });

  it('counts a held change as not yet made', () => {
    const row = citizen(person({ residenceCountry: 'GL' }), { enrolled: true, heldChanges: 1 });
    expect(auditRow(currentRules, row, today)).toMatchObject({ heldChanges: 1 });
  });

  it('lists a child enrolled under 15, which no rule would unenroll', () => {
    const row = citizen(person({ birthDate: '2015-01-01' }), { enrolled: true });
    expect(auditRow(currentRules, row, today)).toMatchObject({
      rules: { should: 'not_enrolled', reason: 'under_15' },
      remedy: null,
    });
  });

  it('audits companies by the company rules', () => {
    const ceased: AuditedRow = {
      ...citizen(person()),
      subject: { kind: 'cvr', id: '12345678' },
      facts: company({ ceasedOn: '2026-01-01' }),
      enrolled: true,
    };
    expect(auditRow(currentRules, ceased, today)).toMatchObject({
      rules: { should: 'not_enrolled', reason: 'ceased' },
      remedy: 'apply-rules',
    });
    expect(auditRow(currentRules, { ...ceased, facts: company() }, today)).toBeNull();
  });

  it('counts every subject into the summary, and the differences by kind and rule version', () => {
    const summary = emptySummary(currentRules, today);
    const rows = [
      citizen(person(), { enrolled: true }),
      citizen(person({ residenceCountry: 'GL' }), { enrolled: true, lastChange: madeBy }),
      citizen(person({ residenceCountry: 'GL' }), { enrolled: true, heldChanges: 2 }),
      { ...citizen(person()), subject: { kind: 'cvr', id: '12345678' }, facts: company() },
    ] satisfies AuditedRow[];
    for (const row of rows) countInto(summary, row, auditRow(currentRules, row, today));
    expect(summary).toEqual({
      today,
      ruleVersion: currentRules.version,
      examined: 4,
      citizens: 3,
      companies: 1,
      differing: 3,
      missingEnrollments: 1,
      wrongEnrollments: 2,
      byExpectation: { 'not_enrolled:moved_to_greenland': 2, 'enrolled:registered': 1 },
      byRuleVersion: { 'enrollment-rules/faulty': 1, none: 2 },
      withHeldChanges: 1,
    });
  });
});
