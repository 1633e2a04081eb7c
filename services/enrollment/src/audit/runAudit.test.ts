import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMassChangeBreaker,
  defaultBreakerLimits,
  type BreakerLimits,
} from '../breaker/massChangeBreaker.ts';
import {
  createEnrollmentWriter,
  type ChangeCause,
  type EnrollmentWriter,
} from '../enrollment/enrollmentWriter.ts';
import { openOperatorHarness, type OperatorHarness } from '../testing/operatorHarness.ts';
import { currentRules, hasTurned } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';
import { engineNames } from '../testing/engines.ts';
import { born, newCpr, newCvr, registered } from '../testing/registerEvents.ts';
import { runAudit } from './runAudit.ts';

/**
 * The Greenland mistake of August 2023: a faulty rule version enrolled citizens resident in
 * Greenland. The audit, run with the rules in force, must list exactly them, each with the
 * enrollment the faulty version made.
 */
const FAULTY_VERSION = 'enrollment-rules/2023.8-faulty';

const faultyRules: EnrollmentRules = {
  version: FAULTY_VERSION,
  // The fault: residence is not looked at; everyone of 15 or more is enrolled.
  citizen: (facts, today) =>
    facts.known && facts.birthDate !== null && hasTurned(facts.birthDate, 15, today)
      ? { should: 'enrolled', cause: 'reached_age_15' }
      : currentRules.citizen(facts, today),
  company: currentRules.company,
};

const faultyRun: ChangeCause = {
  trigger: 'day_change',
  triggerId: 'day-change:2026-03-01',
  caseReference: null,
  group: 'day-change:2026-03-01',
};

const cpr = (id: string): Subject => ({ kind: 'cpr', id });

describe.each(engineNames)('the audit on %s', (engine) => {
  let h: OperatorHarness;
  const denmark = Array.from({ length: 6 }, newCpr);
  const danishChildren = Array.from({ length: 2 }, newCpr);
  const greenland = Array.from({ length: 5 }, newCpr);
  const greenlandChild = newCpr();
  const abroad = newCpr();
  const exemptDane = newCpr();
  const exemptUnknown = newCpr();
  const company = newCvr();

  const writerWith = (rules: EnrollmentRules, limits: Partial<BreakerLimits>): EnrollmentWriter =>
    createEnrollmentWriter({
      store: h.store,
      breaker: createMassChangeBreaker({ ...defaultBreakerLimits, ...limits }, h.now),
      rules,
      now: h.now,
    });

  const applyWith = (writer: EnrollmentWriter, ids: string[], cause: ChangeCause) =>
    h.db.transaction(async (tx) => {
      for (const id of ids)
        await writer.applyRules(tx, await writer.loadSubject(tx, cpr(id)), cause);
    });

  beforeAll(async () => {
    h = await openOperatorHarness(engine);
    await h.register(
      ...denmark.map((id) => born(id, '1990-04-12')),
      ...danishChildren.map((id) => born(id, '2015-06-01')),
      ...greenland.map((id) => born(id, '1985-09-30', 'GL')),
      born(greenlandChild, '2016-01-01', 'GL'),
      born(abroad, '1970-01-01', 'SE'),
      born(exemptDane, '1992-02-02'),
      registered(company, '2010-01-01'),
    );
    const terms = (exemptionId: string) => ({ exemptionId, grantedBy: 'kk', validUntil: null });
    const byOperator = { ...faultyRun, trigger: 'operator_command' as const, group: 'op' };
    await h.db.transaction(async (tx) => {
      await h.writer.grantExemption(tx, cpr(exemptDane), terms('x-1'), byOperator);
      await h.writer.grantExemption(tx, cpr(exemptUnknown), terms('x-2'), byOperator);
    });
    h.clock.now = new Date('2026-03-03T08:00:00.000Z');
    const unlimited = { maxChanges: 1e9, minimumLimit: 1e9 };
    await applyWith(writerWith(faultyRules, unlimited), [...greenland, greenlandChild], faultyRun);
  });
  afterAll(() => h?.close());

  const enrollmentBy = async (id: string) => {
    const events = await h.stream(id);
    return events.filter((event) => event.type === 'CitizenEnrolled').at(-1)!;
  };

  it('lists exactly the Greenland residents the faulty version enrolled, and nobody else', async () => {
    const { summary, differences } = await runAudit(h.db, currentRules, '2026-03-03');
    expect(differences.map((d) => d.subject.id).sort()).toEqual([...greenland].sort());
    for (const difference of differences) {
      const enrollment = await enrollmentBy(difference.subject.id);
      expect(enrollment.data).toMatchObject({ ruleVersion: FAULTY_VERSION, firstEnrollment: true });
      expect(difference).toEqual({
        subject: { kind: 'cpr', id: difference.subject.id },
        recorded: { enrolled: true, exempt: false },
        rules: { should: 'not_enrolled', reason: 'moved_to_greenland' },
        madeBy: {
          eventId: enrollment.id,
          eventType: 'CitizenEnrolled',
          at: '2026-03-03T08:00:00.000Z',
          ruleVersion: FAULTY_VERSION,
          trigger: 'day_change',
        },
        heldChanges: 0,
        remedy: 'apply-rules',
      });
    }
    expect(summary).toMatchObject({
      examined: 18,
      citizens: 17,
      companies: 1,
      differing: greenland.length,
      wrongEnrollments: greenland.length,
      missingEnrollments: 0,
      byRuleVersion: { [FAULTY_VERSION]: greenland.length },
      byExpectation: { 'not_enrolled:moved_to_greenland': greenland.length },
    });
  });

  it('reads the same a few rows at a time as in pages of thousands', async () => {
    const whole = await runAudit(h.db, currentRules, '2026-03-03');
    expect(await runAudit(h.db, currentRules, '2026-03-03', 2)).toEqual(whole);
  });

  it('still points at the faulty enrollment once the breaker holds its correction', async () => {
    // The rules in force reach a Greenland resident while the breaker has tripped: the
    // unenrollment waits for an operator, and it is not made yet.
    const tripped = writerWith(currentRules, { maxChanges: 0, minimumLimit: 0 });
    const [first] = greenland;
    await applyWith(tripped, [first!], { ...faultyRun, triggerId: 'day-change:2026-03-03' });
    expect((await h.stream(first!)).at(-1)!.type).toBe('EnrollmentChangeHeld');
    const { differences } = await runAudit(h.db, currentRules, '2026-03-03');
    const listed = differences.find((d) => d.subject.id === first);
    expect(listed).toMatchObject({
      recorded: { enrolled: true },
      heldChanges: 1,
      madeBy: { eventId: (await enrollmentBy(first!)).id, ruleVersion: FAULTY_VERSION },
    });
    expect(differences).toHaveLength(greenland.length);
  });
});
