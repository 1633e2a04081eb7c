import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollmentIncident } from '@digital-post/operations';
import { parseCsv } from '@digital-post/service-kit/testing';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { operatorToken } from '../actors.ts';
import { call } from '../http.ts';
import type { RunningSystem } from '../system.ts';
import {
  confirming,
  duringTheFault,
  faultyRules,
  FAULTY_RULES,
  greenlanders,
  jobReportOf,
  lettersToEveryone,
  populate,
  remediateEnrollment,
  residents,
  welcomeLettersPrinted,
} from './enrollmentIncidentWorld.ts';
import { deployment, handIn, pnpmOps, type SentLetter } from './routingIncidentWorld.ts';

/**
 * August 2023 again: a faulty release of enrollment's rules unenrolls the citizens who confirm
 * their contact details and enrolls residents of Greenland, while authorities keep sending. The
 * reconstruction from the log names the people, the welcome letters printed wrongly and, per
 * authority, the letters that went to the wrongly enrolled and on paper to the wrongly
 * unenrolled.
 */
describe('an enrollment incident reconstructed (PostgreSQL)', () => {
  let database: TestDatabase;
  let incident: EnrollmentIncident;
  let csv: string;
  let html: string;
  let background: Awaited<ReturnType<typeof jobReportOf>>;
  let remedied: Awaited<ReturnType<typeof remediateEnrollment>>;
  let report: { numbers: Record<string, number>; personsToNotify: string[]; whatHappened: string };
  const before = lettersToEveryone();
  const during = lettersToEveryone();

  beforeAll(async () => {
    database = await createTestDatabase('enrollment_incident');
    const world = deployment(database.url);
    try {
      await world.run({}, async (system) => {
        await populate(system);
        await handIn(system, before);
        await world.decided(before.length);
      });
      await world.run({ enrollment: { rules: faultyRules } }, async (system) => {
        await duringTheFault(system, during);
        await world.decided(before.length + during.length);
        await welcomeLettersPrinted(world.db, residents.length + greenlanders.length);
      });
      await world.run({}, async (system) => {
        const answer = await call(system.operations, 'GET', '/admin/incidents/enrollment?from=0', {
          token: await operatorToken(system),
        });
        expect(answer.status).toBe(200);
        incident = answer.body;
        background = await jobReportOf(system, await operatorToken(system));
        // The command line through the operator API, which runs it in the background.
        csv = await pnpmOps(
          ['reconstruct', 'enrollment', '--format', 'csv', '--api', system.operations],
          {
            DIGITAL_POST_OPERATOR_TOKEN: await operatorToken(system),
          },
        );
        report = await breachReportOf(system);
        remedied = await remediateEnrollment(system, await operatorToken(system));
      });
      const onTheDatabase = ['reconstruct', 'enrollment', '--database-url', database.url];
      html = await pnpmOps([...onTheDatabase, '--format', 'html']);
    } finally {
      await world.db.close();
    }
  }, 600_000);
  afterAll(() => database?.drop());

  it('names everyone the faulty release changed, by cause and rule version', () => {
    const wrongly = (change: string) =>
      incident.wrong
        .filter((wrong) => wrong.recorded.change === change)
        .map((wrong) => wrong.recorded.subject.id)
        .sort();
    expect(wrongly('unenrolled')).toEqual([...confirming].sort());
    expect(wrongly('enrolled')).toEqual([...greenlanders].sort());
    expect(incident.trustedRuleVersion).toBe('enrollment-rules/2026.1');
    expect(incident.byCause).toEqual(
      expect.arrayContaining([
        {
          change: 'unenrolled',
          cause: 'deceased',
          ruleVersion: FAULTY_RULES,
          trigger: 'own_request',
          subjects: 8,
        },
        {
          change: 'enrolled',
          cause: 'moved_to_denmark',
          ruleVersion: FAULTY_RULES,
          trigger: 'register_event',
          subjects: 10,
        },
      ]),
    );
    for (const wrong of incident.wrong) expect(wrong.period.until).toBeNull();
  });

  it('names the welcome letters printed for the wrongly enrolled', () => {
    expect(incident.welcomeLetters.map((printed) => printed.mailboxId).sort()).toEqual(
      greenlanders.map((cpr) => `cpr:${cpr}`).sort(),
    );
  });

  it('gives each authority its letters to the wrongly enrolled, and those sent on paper', () => {
    const sentTo = (people: string[]) => (sender: string) =>
      during
        .filter(
          (sent: SentLetter) => sent.sender === sender && people.includes(sent.letter.recipient.id),
        )
        .map((sent: SentLetter) => sent.letter.messageUUID)
        .sort();
    const byAuthority = Object.fromEntries(
      incident.byAuthority.map((entry) => [
        entry.senderId,
        {
          enrolled: [...entry.toWronglyEnrolled].sort(),
          paper: [...entry.onPaperForWronglyUnenrolled].sort(),
        },
      ]),
    );
    for (const sender of ['skat', 'kommune-101']) {
      expect(byAuthority[`authority:${sender}`]).toEqual({
        enrolled: sentTo(greenlanders)(sender),
        paper: sentTo(confirming)(sender),
      });
    }
  });

  it('gives the same in the background, and through the command line as CSV and as HTML', () => {
    const mailboxes = [...confirming, ...greenlanders].map((cpr) => `cpr:${cpr}`).sort();
    const rows = parseCsv(csv).slice(1);
    expect(rows.map((row) => row[0]).sort()).toEqual(mailboxes);
    expect(background.started).toBe(202);
    for (const page of [html, background.html]) {
      expect(page).toMatch(/^<!doctype html>.*<h1>Enrollment incident<\/h1>/s);
      expect(page).toContain('<svg');
      for (const mailbox of mailboxes) expect(page).toContain(mailbox);
    }
  });

  it('drafts the breach report of it: the numbers, the authorities and the people to notify', () => {
    expect(report.numbers).toEqual({
      people: confirming.length + greenlanders.length,
      wronglyEnrolled: greenlanders.length,
      wronglyUnenrolled: confirming.length,
      deliveredWhileWrong: greenlanders.length,
      onPaperWhileWrong: confirming.length,
      welcomeLetters: greenlanders.length,
    });
    expect(report.personsToNotify).toEqual(
      [...confirming, ...greenlanders].map((cpr) => `cpr:${cpr}`).sort(),
    );
    expect(report.whatHappened).toContain(FAULTY_RULES);
  });
  it("repairs it through enrollment's commands, once: the confirmers enrolled, the Greenlanders not", () => {
    const mailboxesOf = (subjects: { id: string }[]) => subjects.map((s) => s.id).sort();
    expect(mailboxesOf(remedied.dryRun.plan.reenroll)).toEqual([...confirming].sort());
    expect(mailboxesOf(remedied.dryRun.plan.applyRules)).toEqual([...greenlanders].sort());
    expect(remedied.dryRun.result).toBeUndefined();
    expect(remedied.executed.result).toEqual({
      reenrolled: { reenrolled: confirming.length, held: 0, skipped: 0 },
      rulesApplied: { changed: greenlanders.length, held: 0, unchanged: 0, skipped: 0 },
    });
    expect(remedied.again.plan).toMatchObject({
      reenroll: [],
      applyRules: [],
      settled: confirming.length + greenlanders.length,
    });
    expect(remedied.again.result).toEqual({ reenrolled: {}, rulesApplied: {} });
    expect(remedied.page).toMatch(/^<!doctype html>.*<h1>Enrollment remediation<\/h1>/s);
    expect(remedied.page).toContain(
      `0 to re-enroll, 0 to decide again by the rules in force, ${confirming.length + greenlanders.length} put right already`,
    );
  });
});

/** The breach recorded from the whole log, and its preliminary report drafted. */
const breachReportOf = async (system: RunningSystem) => {
  const as = { token: await operatorToken(system) };
  const recorded = await call(system.operations, 'POST', '/admin/breaches', {
    ...as,
    body: {
      kind: 'enrollment',
      from: '0',
      foundAt: new Date().toISOString(),
      caseReference: 'INC-2023-08',
    },
  });
  expect(recorded.status).toBe(201);
  const { breachId } = recorded.body as { breachId: string };
  return (await call(system.operations, 'GET', `/admin/breaches/${breachId}/report`, as)).body;
};
