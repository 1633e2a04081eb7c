import {
  enrollmentStreamOf,
  reachabilityFromHistory,
  type Reachability,
  type Recipient,
} from '@digital-post/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeCause } from '../enrollment/enrollmentWriter.ts';
import { engineNames } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, newCpr, newCvr, registered } from '../testing/registerEvents.ts';

const NOW = '2026-11-22T10:00:00.000Z';
const LATER = '2027-06-01T10:00:00.000Z';
const digital: Reachability = { channel: 'digital', reason: 'enrolled' };
const exempt: Reachability = { channel: 'paper', reason: 'exempt' };
const notEnrolled: Reachability = { channel: 'paper', reason: 'not_enrolled' };
const byOperator: ChangeCause = {
  trigger: 'operator_command',
  triggerId: 'command-1',
  caseReference: 'case-7',
  group: 'operator:command-1',
};

describe.each(engineNames)('reachability on %s', (engineName) => {
  let h: EnrollmentHarness;
  const people = {
    adult: newCpr(),
    child: newCpr(),
    exemptForGood: newCpr(),
    exemptUntilNewYear: newCpr(),
    exemptionLapsed: newCpr(),
    exemptionEnded: newCpr(),
    neverReported: newCpr(),
  };
  const company = newCvr();

  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName, { now: NOW });
    const adults = [
      people.adult,
      people.exemptForGood,
      people.exemptUntilNewYear,
      people.exemptionLapsed,
      people.exemptionEnded,
    ];
    await h.writeBatch([
      ...adults.map((cpr) => born(cpr, '1980-01-01')),
      born(people.child, '2015-01-01'),
      registered(company, '2020-01-01'),
    ]);
    await h.service.drainRegisterFeed();
    const exemptions: Array<[string, string | null]> = [
      [people.exemptForGood, null],
      [people.exemptUntilNewYear, '2027-01-01T00:00:00.000Z'],
      [people.exemptionLapsed, '2026-01-01T00:00:00.000Z'],
      [people.exemptionEnded, null],
    ];
    for (const [cpr, validUntil] of exemptions) {
      const terms = { exemptionId: `ex-${cpr}`, grantedBy: 'kommune-101', validUntil };
      await h.engine.db.transaction((tx) =>
        h.service.writer.grantExemption(tx, { kind: 'cpr', id: cpr }, terms, byOperator),
      );
    }
    await h.engine.db.transaction((tx) =>
      h.service.writer.endExemption(
        tx,
        { kind: 'cpr', id: people.exemptionEnded },
        'withdrawn_by_citizen',
        byOperator,
      ),
    );
  });
  afterAll(() => h?.close());

  const historyAt = async (recipient: Recipient, at: string) =>
    reachabilityFromHistory(await h.engine.store.readStream(enrollmentStreamOf(recipient)), at);

  it.each<[keyof typeof people | 'company', Reachability, Reachability]>([
    ['adult', digital, digital],
    ['company', digital, digital],
    ['child', notEnrolled, notEnrolled],
    ['neverReported', notEnrolled, notEnrolled],
    ['exemptForGood', exempt, exempt],
    // Paper either way once it lapses: it unenrolled them, and nothing has enrolled them since.
    ['exemptUntilNewYear', exempt, notEnrolled],
    ['exemptionLapsed', notEnrolled, notEnrolled],
    ['exemptionEnded', digital, digital],
  ])('tells senders what routing folds from the stream for %s', async (who, now, later) => {
    const recipient: Recipient =
      who === 'company' ? { kind: 'cvr', id: company } : { kind: 'cpr', id: people[who] };
    expect(await h.service.reachability.reachability(recipient)).toEqual(now);
    expect(await historyAt(recipient, NOW)).toEqual(now);
    expect(await historyAt(recipient, LATER)).toEqual(later);
  });

  it('reaches an authority digitally, always', async () => {
    expect(await h.service.reachability.reachability({ kind: 'authority', id: 'skat' })).toEqual({
      channel: 'digital',
      reason: 'authority',
    });
  });
});
