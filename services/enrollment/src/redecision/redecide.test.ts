import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@digital-post/event-store';
import { CURRENT_RULES_VERSION, currentRules } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { engineNames } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, moved, newCpr } from '../testing/registerEvents.ts';

/** August 2023's release: whoever it touches is unenrolled, unless they live in Greenland. */
const faulty: EnrollmentRules = {
  version: 'faulty/2023.08',
  citizen: (facts) =>
    facts.residenceCountry === 'GL'
      ? { should: 'enrolled', cause: 'moved_to_denmark' }
      : { should: 'not_enrolled', reason: 'deceased' },
  company: currentRules.company,
};

const lastChange = (stream: RecordedEvent[], type: string) =>
  stream.filter((event) => event.type === type).at(-1)!;

describe.each(engineNames)('enrollment changes decided again on %s', (engineName) => {
  let h: EnrollmentHarness;
  const inDenmark = newCpr();
  const inGreenland = newCpr();
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName);
    // Given a citizen enrolled and a Greenland resident not, by the rules in force
    await h.writeBatch([born(inDenmark, '1980-01-01'), born(inGreenland, '1980-01-01', 'GL')]);
    await h.service.drainRegisterFeed();
    // When a faulty release decides on their next register events
    await h.writeBatch([
      moved(inDenmark, 'DK', '2026-11-01'),
      moved(inGreenland, 'GL', '2026-11-01'),
    ]);
    await h.serviceWith({ rules: faulty }).drainRegisterFeed();
  });
  afterAll(() => h?.close());

  const redecided = async (cpr: string, type: string) => {
    const change = lastChange(await h.enrollmentStream(cpr), type);
    expect(change.data).toMatchObject({ ruleVersion: 'faulty/2023.08' });
    const request = {
      subject: { kind: 'cpr' as const, id: cpr },
      at: change.recordedAt.toISOString(),
      before: change.globalPosition,
    };
    const [answer] = await h.service.redecision.redecide([request]);
    return answer;
  };

  it('says the citizen the faulty release unenrolled should have stayed enrolled', async () => {
    expect(await redecided(inDenmark, 'CitizenUnenrolled')).toEqual({
      subject: { kind: 'cpr', id: inDenmark },
      ruleVersion: CURRENT_RULES_VERSION,
      should: 'enrolled',
      why: expect.any(String),
    });
  });

  it('says the Greenland resident it enrolled should not have been', async () => {
    expect(await redecided(inGreenland, 'CitizenEnrolled')).toMatchObject({
      should: 'not_enrolled',
      why: 'moved_to_greenland',
    });
  });

  it('decides from the facts before the change: born abroad, not enrolled then', async () => {
    const [first] = (await h.registerStream(inGreenland)).slice(-1);
    const [answer] = await h.service.redecision.redecide([
      { subject: { kind: 'cpr', id: inGreenland }, at: first!.recordedAt.toISOString(), before: 1 },
    ]);
    // Before anything was reported, the registers knew nothing of the person.
    expect(answer).toMatchObject({ should: 'either', why: 'unknown_to_registers' });
  });
});
