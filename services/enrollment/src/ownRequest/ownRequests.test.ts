import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@digital-post/testing';
import { currentRules, CURRENT_RULES_VERSION } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { engineNames } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, newCpr } from '../testing/registerEvents.ts';

/** August 2023's release: whoever it touches is unenrolled. */
const faulty: EnrollmentRules = {
  version: 'faulty/2023.08',
  citizen: () => ({ should: 'not_enrolled', reason: 'deceased' }),
  company: currentRules.company,
};

describe.each(engineNames)('a person confirming their contact details on %s', (engineName) => {
  let h: EnrollmentHarness;
  const cpr = newCpr();
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName);
    await h.writeBatch([born(cpr, '1980-01-01')]);
    await h.service.drainRegisterFeed();
  });
  afterAll(() => h?.close());

  /** The notification service records the confirmation in the person's contact stream. */
  const confirm = async () => {
    const id = randomUUID();
    const data = {
      mailboxId: `cpr:${cpr}`,
      detailsVersion: 1,
      confirmedAt: h.clock.now.toISOString(),
    };
    await h.engine.store.append(`contact-cpr:${cpr}`, [
      { id, type: 'NoticeDetailsConfirmed', data },
    ]);
    return id;
  };

  const changeAfter = async (count: number) => {
    await waitFor(async () => (await h.enrollmentStream(cpr)).length > count, {
      message: 'the rules applied on the confirmation',
    });
    return (await h.enrollmentStream(cpr)).at(-1)!;
  };

  it('has the rules applied again: a faulty release unenrolls, the rules in force restore', async () => {
    const before = (await h.enrollmentStream(cpr)).length;
    // Given a faulty release of the rules running
    const faultyRelease = h.serviceWith({ rules: faulty });
    await faultyRelease.start();
    // When the person confirms their details, then the faulty rules unenroll them
    const confirmed = await confirm();
    const unenrolled = await changeAfter(before);
    expect(unenrolled).toMatchObject({
      type: 'CitizenUnenrolled',
      data: { trigger: 'own_request', triggerId: confirmed, ruleVersion: 'faulty/2023.08' },
    });
    await faultyRelease.stop();
    // When they confirm again under the rules in force, they are enrolled again, no welcome letter
    await h.service.start();
    const again = await confirm();
    expect(await changeAfter(before + 1)).toMatchObject({
      type: 'CitizenEnrolled',
      data: {
        trigger: 'own_request',
        triggerId: again,
        ruleVersion: CURRENT_RULES_VERSION,
        firstEnrollment: false,
      },
    });
  });
});
