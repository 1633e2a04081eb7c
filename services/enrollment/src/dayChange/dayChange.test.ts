import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineNames } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, newCpr } from '../testing/registerEvents.ts';
import { bornBy } from './dayChange.ts';

/**
 * One database per engine, and the clock only goes forward: the day change looks at everyone, and
 * each run starts after the one before, as in production.
 */
describe.each(engineNames)('the day change on %s', (engineName) => {
  let h: EnrollmentHarness;
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName, { now: '2026-11-21T10:00:00.000Z' });
  });
  afterAll(() => h?.close());

  const at = (instant: string) => {
    h.clock.now = new Date(instant);
  };
  /** Registers people while they are still under 15, so no register event enrolls them. */
  const register = async (...events: Parameters<typeof born>[]) => {
    await h.writeBatch(events.map((args) => born(...args)));
    expect(await h.service.drainRegisterFeed()).toMatchObject({ changed: 0 });
  };
  const enrollments = async (cpr: string) => (await h.enrollmentStream(cpr)).map((e) => e.data);

  it('enrolls who turns 15 today, once, and who turns 15 tomorrow the next day', async () => {
    const [today, tomorrow, inGreenland] = [newCpr(), newCpr(), newCpr()];
    await register(
      [today, '2011-11-22'],
      [tomorrow, '2011-11-23'],
      [inGreenland, '2011-11-22', 'GL'],
    );

    at('2026-11-22T10:00:00.000Z');
    expect(await h.service.runDayChange('2026-11-22')).toMatchObject({ changed: 1, held: 0 });
    expect(await enrollments(today)).toMatchObject([
      {
        cause: 'reached_age_15',
        firstEnrollment: true,
        trigger: 'day_change',
        triggerId: 'day-change:2026-11-22',
      },
    ]);
    expect(await enrollments(tomorrow)).toEqual([]);
    expect(await enrollments(inGreenland)).toEqual([]);

    const before = (await h.wholeLog()).map((event) => event.id);
    expect(await h.service.runDayChange('2026-11-22')).toMatchObject({ changed: 0, held: 0 });
    expect((await h.wholeLog()).map((event) => event.id)).toEqual(before);

    at('2026-11-23T10:00:00.000Z');
    expect(await h.service.runDayChange('2026-11-23')).toMatchObject({ changed: 1 });
    expect(await enrollments(tomorrow)).toMatchObject([
      { cause: 'reached_age_15', triggerId: 'day-change:2026-11-23' },
    ]);
    expect(await enrollments(today)).toHaveLength(1);
  });

  it('goes by the Danish calendar day, and refuses to run for a day still to come', async () => {
    const cpr = newCpr();
    await register([cpr, '2011-11-24']);
    // 23:30 UTC on the 23rd is half past midnight on the 24th in Copenhagen.
    at('2026-11-23T23:30:00.000Z');
    await expect(h.service.runDayChange('2026-11-25')).rejects.toThrow(RangeError);
    await expect(h.service.runDayChange('2026-02-30')).rejects.toThrow(RangeError);
    expect(await h.service.runDayChange('2026-11-24')).toMatchObject({ changed: 1 });
    expect(await enrollments(cpr)).toHaveLength(1);
    const runs = await h.engine.db.query<{ run_date: string }>(
      `select to_char(run_date, 'YYYY-MM-DD') as run_date from enrollment.day_change_runs
        order by run_date`,
    );
    expect(runs.map((run) => run.run_date)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
  });

  it('enrolls who was born on 29 February on 1 March, and runs on a 29 February', async () => {
    const [leapling, firstOfMarch, lastOfFebruary, nextDay] = [
      newCpr(),
      newCpr(),
      newCpr(),
      newCpr(),
    ];
    at('2027-02-27T10:00:00.000Z');
    await register(
      [leapling, '2012-02-29'],
      [firstOfMarch, '2012-03-01'],
      [lastOfFebruary, '2013-02-28'],
      [nextDay, '2013-03-01'],
    );
    at('2027-02-28T10:00:00.000Z');
    expect(await h.service.runDayChange('2027-02-28')).toMatchObject({ changed: 0 });
    at('2027-03-01T10:00:00.000Z');
    expect(await h.service.runDayChange('2027-03-01')).toMatchObject({ changed: 2 });
    expect(await enrollments(leapling)).toHaveLength(1);
    expect(await enrollments(firstOfMarch)).toHaveLength(1);

    // Fifteen years before 29 February 2028 there was no 29 February.
    at('2028-02-29T10:00:00.000Z');
    expect(await h.service.runDayChange('2028-02-29')).toMatchObject({ changed: 1 });
    expect(await enrollments(lastOfFebruary)).toHaveLength(1);
    at('2028-03-01T10:00:00.000Z');
    expect(await h.service.runDayChange('2028-03-01')).toMatchObject({ changed: 1 });
    expect(await enrollments(nextDay)).toHaveLength(1);
  });

  it('ends an exemption that ran out, and the rules enroll the person again', async () => {
    const cpr = newCpr();
    at('2028-03-02T09:00:00.000Z');
    await h.writeBatch([born(cpr, '1990-01-01')]);
    await h.service.drainRegisterFeed();
    const cause = { trigger: 'operator_command' as const, triggerId: 'c-1', caseReference: 'J-1' };
    const terms = { exemptionId: 'x-1', grantedBy: 'kk', validUntil: '2028-03-03T00:00:00.000Z' };
    await h.engine.db.transaction((tx) =>
      h.service.writer.grantExemption(tx, { kind: 'cpr', id: cpr }, terms, {
        ...cause,
        group: 'operator:c-1',
      }),
    );
    expect(await h.service.runDayChange('2028-03-02')).toMatchObject({ exemptionsEnded: 0 });
    at('2028-03-03T10:00:00.000Z');
    expect(await h.service.runDayChange('2028-03-03')).toMatchObject({ exemptionsEnded: 1 });
    expect((await h.enrollmentStream(cpr)).map((e) => [e.type, e.data])).toMatchObject([
      ['CitizenEnrolled', { firstEnrollment: true }],
      ['ExemptionGranted', { exemptionId: 'x-1' }],
      ['CitizenUnenrolled', { reason: 'exempted' }],
      ['ExemptionEnded', { reason: 'expired', trigger: 'day_change' }],
      ['CitizenEnrolled', { cause: 'exemption_ended', firstEnrollment: false }],
    ]);
  });

  it("runs at start when today's run is due", async () => {
    const cpr = newCpr();
    await register([cpr, '2013-03-04']);
    at('2028-03-04T10:00:00.000Z');
    const service = h.serviceWith({});
    await service.start();
    const enrolled = async () =>
      (await h.enrollmentStream(cpr)).filter((event) => event.type === 'CitizenEnrolled');
    await waitFor(async () => (await enrolled()).length === 1, {
      message: 'the day change at start',
    });
    await service.stop();
    expect(await enrolled()).toMatchObject([{ data: { triggerId: 'day-change:2028-03-04' } }]);
    expect(h.errors).toEqual([]);
  });
});

describe('the last birth date that is 15 by a day', () => {
  it.each([
    ['2026-11-22', '2011-11-22'],
    ['2027-03-01', '2012-03-01'],
    ['2028-02-29', '2013-02-28'],
  ])('on %s is %s', (runDate, last) => {
    expect(bornBy(runDate)).toBe(last);
  });
});
