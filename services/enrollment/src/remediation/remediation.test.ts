import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, type EventBus, type RunningConsumer } from '@digital-post/bus';
import { createContentStore } from '@digital-post/content-store';
import { createLocalFilePrintChannel } from '@digital-post/print';
import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMassChangeBreaker } from '../breaker/massChangeBreaker.ts';
import { createEnrollmentWriter, type ChangeCause } from '../enrollment/enrollmentWriter.ts';
import {
  expectRefused,
  openOperatorHarness,
  type OperatorHarness,
} from '../testing/operatorHarness.ts';
import { CURRENT_RULES_VERSION, currentRules } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { engineNames } from '../testing/engines.ts';
import { born, newCpr } from '../testing/registerEvents.ts';
import {
  startWelcomeLetters,
  WELCOME_LETTERS_GROUP,
  welcomeLetterStreamOf,
} from '../welcomeLetter/welcomeLetters.ts';

/**
 * August 2023: an update unenrolled users who confirmed their contact details; re-enrolled,
 * 36,000 of them got the welcome letter meant for a first enrollment. Here the faulty version
 * unenrolls, the operator re-enrolls under a case, and the welcome letter service, running on
 * the same log, prints nothing more.
 */
const FAULTY_VERSION = 'enrollment-rules/2023.8-contact-details';
const faultyRules: EnrollmentRules = {
  version: FAULTY_VERSION,
  citizen: () => ({ should: 'not_enrolled', reason: 'moved_to_greenland' }),
  company: currentRules.company,
};
const contactUpdate: ChangeCause = {
  trigger: 'own_request',
  triggerId: 'contact-details-update',
  caseReference: null,
  group: 'contact-details',
};
const REENROLL = '/admin/enrollment/remediations/reenroll';
const cpr = (id: string) => ({ kind: 'cpr' as const, id });

describe.each(engineNames)('re-enrollment after the 2023 mistake on %s', (engine) => {
  let h: OperatorHarness;
  let bus: EventBus;
  let letters: RunningConsumer;
  let printDirectory: string;
  const victims = Array.from({ length: 3 }, newCpr);
  const bystander = newCpr();
  const child = newCpr();
  const exempt = newCpr();
  const printed = async () => (await readdir(printDirectory)).filter((f) => f.endsWith('.json'));

  beforeAll(async () => {
    h = await openOperatorHarness(engine);
    printDirectory = await mkdtemp(join(tmpdir(), 'dp-enrollment-ops-print-'));
    bus = await createEmbeddedBus(h.opened.store, h.db);
    letters = await startWelcomeLetters({
      bus,
      store: h.store,
      content: await createContentStore(h.db),
      printChannel: createLocalFilePrintChannel(printDirectory),
      now: h.now,
    });
    await h.register(
      ...[...victims, bystander, exempt].map((id) => born(id, '1988-08-23')),
      born(child, '2015-01-01'),
    );
    const grant = { subject: cpr(exempt), grantedBy: 'kk', caseReference: 'KK-1' };
    expect((await h.call('POST', '/admin/enrollment/exemptions', grant)).statusCode).toBe(201);
    await waitFor(async () => (await printed()).length === 5, { message: 'five welcome letters' });
    const faulty = createEnrollmentWriter({
      store: h.store,
      breaker: createMassChangeBreaker(
        { maxChanges: 1e9, minimumLimit: 1e9, maxShare: 1, windowMs: 3_600_000 },
        h.now,
      ),
      rules: faultyRules,
      now: h.now,
    });
    h.clock.now = new Date('2026-03-02T12:00:00.000Z');
    await h.db.transaction(async (tx) => {
      for (const id of victims) {
        await faulty.applyRules(tx, await faulty.loadSubject(tx, cpr(id)), contactUpdate);
      }
    });
    h.clock.now = new Date('2026-03-03T09:00:00.000Z');
  });
  afterAll(async () => {
    await letters?.stop();
    await bus?.close();
    await h?.close();
    await rm(printDirectory, { recursive: true, force: true });
  });

  it('re-enrolls those wrongly unenrolled and refuses the rest, each with its rule', async () => {
    for (const id of victims) {
      expect((await h.stream(id)).at(-1)).toMatchObject({
        type: 'CitizenUnenrolled',
        data: { ruleVersion: FAULTY_VERSION, trigger: 'own_request' },
      });
    }
    const subjects = [...victims, victims[0]!, bystander, child, exempt].map(cpr);
    const response = await h.call('POST', REENROLL, { subjects, caseReference: 'DP-2023-0823' });
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer.counts).toEqual({ reenrolled: 3, held: 0, skipped: 3 });
    expect(answer.results).toEqual([
      ...victims.map((id) => ({ subject: cpr(id), outcome: 'reenrolled' })),
      {
        subject: cpr(bystander),
        outcome: 'skipped',
        rule: 'already-enrolled',
        detail: expect.any(String),
      },
      {
        subject: cpr(child),
        outcome: 'skipped',
        rule: 'never-enrolled',
        detail: expect.any(String),
      },
      { subject: cpr(exempt), outcome: 'skipped', rule: 'exempt', detail: expect.any(String) },
    ]);
    for (const id of victims) {
      const events = await h.stream(id);
      expect(events.at(-1)).toMatchObject({
        type: 'CitizenEnrolled',
        data: {
          cause: 'correction',
          firstEnrollment: false,
          caseReference: 'DP-2023-0823',
          trigger: 'operator_command',
          triggerId: answer.commandId,
          ruleVersion: CURRENT_RULES_VERSION,
        },
        metadata: { actor: { kind: 'operator', id: 'operator-7' } },
      });
    }
  });

  it('sends no second welcome letter to anyone re-enrolled', async () => {
    const corrections = await Promise.all(
      victims.map(async (id) => (await h.stream(id)).at(-1)!.id),
    );
    // The welcome letter service has seen the corrections once they are in its processed ids.
    await waitFor(
      async () => {
        const rows = await h.db.query(
          `select 1 from bus_processed_events where consumer_group = $1 and event_id = any($2::uuid[])`,
          [WELCOME_LETTERS_GROUP, corrections],
        );
        return rows.length === corrections.length;
      },
      { message: 'the welcome letter service to see the corrections' },
    );
    expect(await printed()).toHaveLength(5);
    for (const id of victims) {
      const letters = await h.store.readStream(welcomeLetterStreamOf(id));
      expect(letters).toHaveLength(1);
    }
  });

  it('refuses a second re-enrollment of the same people: they are enrolled', async () => {
    const response = await h.call('POST', REENROLL, {
      subjects: victims.map(cpr),
      caseReference: 'DP-2023-0823',
    });
    expect(response.json().counts).toEqual({ reenrolled: 0, held: 0, skipped: 3 });
  });
});

describe('a mass re-enrollment and the breaker', () => {
  let h: OperatorHarness;
  const victims = Array.from({ length: 3 }, newCpr);

  beforeAll(async () => {
    h = await openOperatorHarness('PGlite', {
      breakerLimits: { maxChanges: 1, minimumLimit: 1, maxShare: 0 },
    });
    const unlimited = { maxChanges: 1e9, minimumLimit: 1e9, maxShare: 1, windowMs: 3_600_000 };
    const writerOf = (rules: EnrollmentRules) =>
      createEnrollmentWriter({
        store: h.store,
        breaker: createMassChangeBreaker(unlimited, h.now),
        rules,
        now: h.now,
      });
    const [registers, faulty] = [writerOf(currentRules), writerOf(faultyRules)];
    await h.db.transaction(async (tx) => {
      for (const id of victims) {
        await registers.recordRegisterEvent(tx, born(id, '1990-01-01'), 'b-1');
        await faulty.applyRules(tx, await faulty.loadSubject(tx, cpr(id)), contactUpdate);
      }
    });
    // The next hour: the registrations are not counted against the remediation.
    h.clock.now = new Date('2026-03-02T11:00:00.000Z');
  });
  afterAll(() => h?.close());

  it('holds what goes past the limit for an operator to approve', async () => {
    const subjects = victims.map(cpr);
    const answer = (await h.call('POST', REENROLL, { subjects, caseReference: 'DP-9' })).json();
    expect(answer.counts).toEqual({ reenrolled: 1, held: 2, skipped: 0 });
    const held = (await h.call('GET', '/admin/enrollment/held-changes')).json();
    expect(held.changes).toHaveLength(2);
    expect(held.changes[0]).toMatchObject({
      change: 'enroll',
      causeCode: 'correction',
      trigger: 'operator_command',
      triggerId: answer.commandId,
    });
    const decision = {
      decision: 'approve',
      breakerKey: held.groups[0].breakerKey,
      caseReference: 'DP-9',
    };
    const approved = await h.call('POST', '/admin/enrollment/held-changes/decision', decision);
    expect(approved.json()).toMatchObject({ approved: 2, skipped: 0 });
    for (const id of victims) {
      expect((await h.stream(id)).at(-1)).toMatchObject({
        type: 'CitizenEnrolled',
        data: { cause: 'correction', firstEnrollment: false, caseReference: 'DP-9' },
      });
    }
  });

  it.each([
    ['no subjects', { subjects: [], caseReference: 'DP-1' }],
    [
      'more than 10,000 subjects',
      { subjects: Array(10_001).fill(cpr('0101901234')), caseReference: 'DP-1' },
    ],
    ['no case reference', { subjects: [cpr('0101901234')] }],
    ['a mailbox id instead of a subject', { subjects: ['cpr:0101901234'], caseReference: 'DP-1' }],
    [
      'a subject of another kind',
      { subjects: [{ kind: 'authority', id: 'x' }], caseReference: 'DP-1' },
    ],
  ])('refuses %s with 400 and writes nothing', async (_, body) => {
    await expectRefused(h, { method: 'POST', url: REENROLL, body });
    await expectRefused(h, {
      method: 'POST',
      url: '/admin/enrollment/remediations/apply-rules',
      body,
    });
  });
});
