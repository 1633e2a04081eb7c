import type { SqlExecutor } from '@digital-post/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../audit/runAudit.ts';
import { createEnrollmentWriter, type ChangeCause } from '../enrollment/enrollmentWriter.ts';
import { enrollmentStore } from '../readModel/projection.ts';
import { ensureEnrollmentSchema } from '../readModel/schema.ts';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import { currentRules } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { generatePopulation } from '../testing/population.ts';
import { openEngine, type OpenedEngine } from '../testing/engines.ts';
import { createMassChangeBreaker, defaultBreakerLimits } from './massChangeBreaker.ts';

/**
 * The August 2023 incident replayed at the scale of thousands, on the PostgreSQL server: a
 * faulty release of the rules unenrolls everyone it touches. The breaker stops it after its
 * limit, the audit finds exactly those it did unenroll, remediation restores them without a
 * welcome letter, and rejecting what was held leaves everyone as they were.
 */
const faultyRules: EnrollmentRules = {
  version: 'faulty/2',
  citizen: () => ({ should: 'not_enrolled', reason: 'deceased' }),
  company: currentRules.company,
};
const LIMIT = 50;
const now = () => new Date('2026-11-22T10:00:00.000Z');
const today = registerDateOf(now());

describe('a faulty release against thousands of citizens', () => {
  let engine: OpenedEngine;
  let enrolled: string[];
  beforeAll(async () => {
    engine = await openEngine('PostgreSQL server');
    await ensureEnrollmentSchema(engine.db);
    await generatePopulation(engine.db, 2500, today, () => undefined);
    const rows = await engine.db.query<{ subject_id: string }>(
      `select subject_id from enrollment.people where enrolled order by subject_id`,
    );
    enrolled = rows.map((row) => row.subject_id);
  });
  afterAll(() => engine?.dispose());

  const writerWith = (rules: EnrollmentRules, maxChanges: number) =>
    createEnrollmentWriter({
      store: enrollmentStore(engine.store, engine.db),
      breaker: createMassChangeBreaker(
        { ...defaultBreakerLimits, maxChanges, minimumLimit: maxChanges, maxShare: 1 },
        now,
      ),
      rules,
      now,
    });

  /** `work` for every citizen, 250 to a transaction; the outcomes counted. */
  const forEach = async (
    cprs: string[],
    work: (tx: SqlExecutor, cpr: string) => Promise<string>,
  ) => {
    const counts: Record<string, number> = {};
    for (let from = 0; from < cprs.length; from += 250) {
      await engine.db.transaction(async (tx) => {
        for (const cpr of cprs.slice(from, from + 250)) {
          const outcome = await work(tx, cpr);
          counts[outcome] = (counts[outcome] ?? 0) + 1;
        }
      });
    }
    return counts;
  };

  it('is stopped after the limit, found by the audit, and repaired', async () => {
    expect(enrolled.length).toBeGreaterThan(1900);
    const faulty = writerWith(faultyRules, LIMIT);
    const batch: ChangeCause = {
      trigger: 'register_event',
      triggerId: 'faulty-batch',
      caseReference: null,
      group: 'batch:faulty-batch',
    };
    const applied = await forEach(enrolled, async (tx, cpr) => {
      const record = await faulty.loadSubject(tx, { kind: 'cpr', id: cpr });
      return (await faulty.applyRules(tx, record, batch)).outcome;
    });
    expect(applied).toEqual({ changed: LIMIT, held: enrolled.length - LIMIT });

    const audit = await runAudit(engine.db, currentRules, today);
    expect(audit.differences).toHaveLength(LIMIT);
    for (const difference of audit.differences) {
      expect(difference).toMatchObject({
        recorded: { enrolled: false },
        rules: { should: 'enrolled' },
        madeBy: { eventType: 'CitizenUnenrolled', ruleVersion: 'faulty/2' },
        remedy: 'reenroll',
      });
    }

    const remediation: ChangeCause = {
      trigger: 'operator_command',
      triggerId: 'remedy-1',
      caseReference: 'J-2026-0823',
      group: 'operator:remedy-1',
    };
    const correct = writerWith(currentRules, 5000);
    const victims = audit.differences.map((difference) => difference.subject.id);
    expect(
      await forEach(victims, (tx, cpr) =>
        correct.reenroll(tx, { kind: 'cpr', id: cpr }, remediation),
      ),
    ).toEqual({ changed: LIMIT });
    const corrections = await engine.db.query<{ data: Record<string, unknown> }>(
      `select data from events where event_type = 'CitizenEnrolled' and data->>'triggerId' = 'remedy-1'`,
    );
    expect(corrections).toHaveLength(LIMIT);
    for (const { data } of corrections) {
      expect(data).toMatchObject({
        cause: 'correction',
        firstEnrollment: false,
        caseReference: 'J-2026-0823',
      });
    }

    const held = await engine.db.query<{ pending_id: string; subject_id: string }>(
      `select pending_id, subject_id from enrollment.held_changes where status = 'open'`,
    );
    expect(held).toHaveLength(enrolled.length - LIMIT);
    const pendingOf = new Map(held.map((row) => [row.subject_id, row.pending_id]));
    await forEach([...pendingOf.keys()], async (tx, cpr) => {
      const pendingId = pendingOf.get(cpr)!;
      await correct.decideHeldChange(
        tx,
        { kind: 'cpr', id: cpr },
        pendingId,
        'reject',
        'op-1',
        'J-2026-0823',
      );
      return 'rejected';
    });
    expect((await runAudit(engine.db, currentRules, today)).differences).toEqual([]);
    expect(await engine.db.query(`select * from enrollment.breaker_trips`)).toEqual([]);
  });
});
