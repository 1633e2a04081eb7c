import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMassChangeBreaker } from '../breaker/massChangeBreaker.ts';
import { createEnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import {
  expectRefused,
  openOperatorHarness,
  type OperatorHarness,
} from '../testing/operatorHarness.ts';
import { CURRENT_RULES_VERSION, currentRules } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { born, newCpr } from '../testing/registerEvents.ts';

/**
 * From the audit to the repair, as an operator would go about the Greenland mistake: list who
 * differs, let the rules in force decide for them under the case, and audit again.
 */
const FAULTY_VERSION = 'enrollment-rules/2023.8-faulty';
const faultyRules: EnrollmentRules = {
  version: FAULTY_VERSION,
  citizen: (facts, today) =>
    facts.residenceCountry === 'GL'
      ? currentRules.citizen({ ...facts, residenceCountry: 'DK' }, today)
      : currentRules.citizen(facts, today),
  company: currentRules.company,
};
const AUDIT = '/admin/enrollment/audit';
const APPLY = '/admin/enrollment/remediations/apply-rules';
const cpr = (id: string) => ({ kind: 'cpr' as const, id });

describe('the audit and the repair through the operator API', () => {
  let h: OperatorHarness;
  const greenland = Array.from({ length: 3 }, newCpr);
  const denmark = newCpr();

  beforeAll(async () => {
    h = await openOperatorHarness('PGlite');
    await h.register(
      ...greenland.map((id) => born(id, '1980-01-01', 'GL')),
      born(denmark, '1980-01-01'),
    );
    const faulty = createEnrollmentWriter({
      store: h.store,
      breaker: createMassChangeBreaker(
        { maxChanges: 1e9, minimumLimit: 1e9, maxShare: 1, windowMs: 3_600_000 },
        h.now,
      ),
      rules: faultyRules,
      now: h.now,
    });
    const release = {
      trigger: 'day_change' as const,
      triggerId: 'r',
      caseReference: null,
      group: 'r',
    };
    await h.db.transaction(async (tx) => {
      for (const id of greenland) {
        await faulty.applyRules(tx, await faulty.loadSubject(tx, cpr(id)), release);
      }
    });
  });
  afterAll(() => h?.close());

  it('lists the Greenland residents the faulty version enrolled', async () => {
    const response = await h.call('GET', AUDIT);
    expect(response.statusCode).toBe(200);
    const { summary, differences } = response.json();
    expect(summary).toMatchObject({
      examined: 4,
      differing: 3,
      ruleVersion: CURRENT_RULES_VERSION,
      byRuleVersion: { [FAULTY_VERSION]: 3 },
    });
    expect(differences.map((d: { subject: { id: string } }) => d.subject.id).sort()).toEqual(
      [...greenland].sort(),
    );
    expect(differences[0]).toMatchObject({
      rules: { should: 'not_enrolled', reason: 'moved_to_greenland' },
      madeBy: { eventType: 'CitizenEnrolled', ruleVersion: FAULTY_VERSION, trigger: 'day_change' },
      remedy: 'apply-rules',
    });
  });

  it('unenrolls them under the case when the rules in force decide again', async () => {
    const subjects = [...greenland, denmark].map(cpr);
    const response = await h.call('POST', APPLY, { subjects, caseReference: 'DP-2023-GL' });
    const answer = response.json();
    expect(answer.counts).toEqual({ changed: 3, held: 0, unchanged: 1, skipped: 0 });
    expect(answer.results.at(-1)).toEqual({
      subject: cpr(denmark),
      outcome: 'unchanged',
      enrolled: true,
    });
    for (const id of greenland) {
      expect((await h.stream(id)).at(-1)).toMatchObject({
        type: 'CitizenUnenrolled',
        data: {
          reason: 'moved_to_greenland',
          trigger: 'operator_command',
          triggerId: answer.commandId,
          caseReference: 'DP-2023-GL',
          ruleVersion: CURRENT_RULES_VERSION,
        },
        metadata: { actor: { kind: 'operator', id: 'operator-7' } },
      });
    }
    expect((await h.call('GET', AUDIT)).json()).toMatchObject({
      summary: { differing: 0 },
      differences: [],
    });
  });

  it('refuses to re-enroll a Greenland resident: the rules keep them out', async () => {
    const response = await h.call('POST', '/admin/enrollment/remediations/reenroll', {
      subjects: [cpr(greenland[0]!)],
      caseReference: 'DP-2023-GL',
    });
    expect(response.json().results).toEqual([
      {
        subject: cpr(greenland[0]!),
        outcome: 'skipped',
        rule: 'rules-say-not-enrolled',
        detail: expect.any(String),
      },
    ]);
  });

  it('refuses an audit with parameters it does not know', async () => {
    await expectRefused(h, { method: 'GET', url: `${AUDIT}?today=2020-01-01` });
  });
});
