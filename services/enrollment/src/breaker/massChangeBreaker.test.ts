import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentRules } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { engineNames, type EngineName } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, died, newCpr } from '../testing/registerEvents.ts';
import { limitFor } from './massChangeBreaker.ts';

/** A faulty release of the rules: everyone is dead. */
const faultyRules: EnrollmentRules = {
  version: 'faulty/1',
  citizen: () => ({ should: 'not_enrolled', reason: 'deceased' }),
  company: currentRules.company,
};
const limits = { maxChanges: 20, minimumLimit: 20, maxShare: 1, windowMs: 3_600_000 };
const RULE_KEY = 'rule:faulty/1:unenroll';
const cause = { trigger: 'register_event', triggerId: null, caseReference: null, group: 'batch:x' };

/** Enrolls `count` adults through the feed, with the rules in force and no breaker in the way. */
const enrollAdults = async (h: EnrollmentHarness, count: number): Promise<string[]> => {
  const feed = await h.newFeed({ breakerLimits: { maxChanges: 1e9, minimumLimit: 1e9 } });
  const people = Array.from({ length: count }, () => newCpr());
  await feed.writeBatch(people.map((cpr) => born(cpr, '1980-01-01')));
  expect(await feed.service.drainRegisterFeed()).toMatchObject({ changed: count, held: 0 });
  return people;
};

/** The faulty rules applied to each person, one transaction each, as a register batch would. */
const applyFaultyRules = async (h: EnrollmentHarness, people: string[]) => {
  const faulty = h.serviceWith({ rules: faultyRules, breakerLimits: limits });
  const outcomes: string[] = [];
  for (const cpr of people) {
    const outcome = await h.engine.db.transaction(async (tx) => {
      const record = await faulty.writer.loadSubject(tx, { kind: 'cpr', id: cpr });
      const triggered = { ...cause, trigger: 'register_event' as const, triggerId: `r-${cpr}` };
      return (await faulty.writer.applyRules(tx, record, triggered)).outcome;
    });
    outcomes.push(outcome);
  }
  return { faulty, outcomes };
};

const countsOf = (outcomes: string[]) =>
  outcomes.reduce<Record<string, number>>(
    (counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }),
    {},
  );

/** The enrollment events of the people, counted by type, rule version and breaker key. */
const eventsOf = (h: EnrollmentHarness, people: string[]) =>
  h.engine.db.query<{ type: string; rule: string | null; key: string | null; n: number }>(
    `select event_type as type, data->>'ruleVersion' as rule, data->>'breakerKey' as key,
            count(*)::int as n
       from events where stream_id = any($1::text[])
      group by 1, 2, 3 order by 1, 2, 3`,
    [people.map((cpr) => `enrollment-${cpr}`)],
  );

const openHeld = (h: EnrollmentHarness) =>
  h.engine.db.query<{ pending_id: string; subject_id: string }>(
    `select pending_id, subject_id from enrollment.held_changes
      where status = 'open' and breaker_key = $1 order by subject_id`,
    [RULE_KEY],
  );

describe.each(engineNames)('the mass-change breaker on %s', (engineName: EngineName) => {
  let h: EnrollmentHarness;
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName);
  });
  afterAll(() => h?.close());

  it('stops a faulty rule that would unenroll everyone after the threshold', async () => {
    const people = await enrollAdults(h, 300);
    const { faulty, outcomes } = await applyFaultyRules(h, people);

    expect(countsOf(outcomes)).toEqual({ changed: 20, held: 280 });
    expect(await eventsOf(h, people)).toEqual([
      { type: 'CitizenEnrolled', rule: currentRules.version, key: null, n: 300 },
      { type: 'CitizenUnenrolled', rule: 'faulty/1', key: null, n: 20 },
      // Both of its causes count every change; the rule version's key is checked first.
      { type: 'EnrollmentChangeHeld', rule: 'faulty/1', key: RULE_KEY, n: 280 },
    ]);
    const open = await openHeld(h);
    expect(open.map((row) => row.subject_id)).toEqual(people.slice(20).sort());
    expect(await h.engine.db.query('select breaker_key from enrollment.breaker_trips')).toEqual([
      { breaker_key: RULE_KEY },
    ]);

    // The rule applied again while the breaker is open holds nothing a second time.
    const again = await applyFaultyRules(h, people.slice(0, 40));
    expect(countsOf(again.outcomes)).toEqual({ unchanged: 40 });
    expect(await openHeld(h)).toHaveLength(280);

    // A real death meanwhile is not swallowed by the faulty rule's held unenrollment.
    const deathFeed = await h.newFeed();
    await deathFeed.writeBatch([died(people[25]!, '2026-11-21')]);
    expect(await deathFeed.service.drainRegisterFeed()).toMatchObject({ changed: 1 });
    expect((await h.enrollmentStream(people[25]!)).at(-1)).toMatchObject({
      type: 'CitizenUnenrolled',
      data: { reason: 'deceased', ruleVersion: currentRules.version },
    });

    // The operator rejects what it held: the living stay enrolled, and the trip closes.
    for (const { pending_id, subject_id } of open) {
      await h.engine.db.transaction((tx) =>
        faulty.writer.decideHeldChange(
          tx,
          { kind: 'cpr', id: subject_id },
          pending_id,
          'reject',
          'operator-7',
          'case-2026-118',
        ),
      );
    }
    const [stillEnrolled] = await h.engine.db.query<{ n: number }>(
      `select count(*)::int as n from enrollment.people
        where subject_kind = 'cpr' and subject_id = any($1::text[]) and enrolled`,
      [people],
    );
    expect(stillEnrolled!.n).toBe(279);
    expect(await eventsOf(h, people)).toContainEqual({
      type: 'EnrollmentChangeRejected',
      rule: null,
      key: null,
      n: 280,
    });
    expect(await openHeld(h)).toEqual([]);
    expect(await h.engine.db.query('select 1 from enrollment.breaker_trips')).toEqual([]);
  });
});

describe('the limit', () => {
  it('is a share of the enrolled, never below the minimum and never above the maximum', () => {
    const defaults = { maxChanges: 5000, maxShare: 0.01, minimumLimit: 100, windowMs: 3_600_000 };
    expect(limitFor(defaults, 0)).toBe(100);
    expect(limitFor(defaults, 50_000)).toBe(500);
    expect(limitFor(defaults, 5_000_000)).toBe(5000);
    expect(limitFor(limits, 300)).toBe(20);
  });
});

describe.each(engineNames)('the breaker over a register feed’s chunk on %s', (engineName) => {
  let h: EnrollmentHarness;
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName);
  });
  afterAll(() => h?.close());

  it('trips at the same change as one by one, and keeps exact counts', async () => {
    const feed = await h.newFeed({ breakerLimits: limits });
    const people = Array.from({ length: 30 }, () => newCpr());
    const batchId = await feed.writeBatch(people.map((cpr) => born(cpr, '1980-01-01')));
    expect(await feed.service.drainRegisterFeed()).toMatchObject({ changed: 20, held: 10 });
    const ruleKey = `rule:${currentRules.version}:enroll`;
    expect(await h.engine.db.query('select breaker_key from enrollment.breaker_trips')).toEqual([
      { breaker_key: ruleKey },
    ]);
    // The change that went over counts; those held after the trip do not.
    const counts = await h.engine.db.query<{ breaker_key: string; changes: number }>(
      'select breaker_key, changes from enrollment.breaker_counts order by breaker_key',
    );
    expect(counts).toEqual([
      { breaker_key: `batch:${batchId}:enroll`, changes: 21 },
      { breaker_key: ruleKey, changes: 21 },
    ]);
  });
});
