import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingIncident, StreamState } from '@digital-post/operations';
import { followForwardingRules } from '@digital-post/routing';
import { parseCsv } from '@digital-post/service-kit/testing';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { operatorToken, reachabilityIs } from '../actors.ts';
import { call } from '../http.ts';
import {
  citizens,
  deployment,
  handIn,
  ignoresEvenCompaniesRules,
  lettersFor,
  prepareWorld,
  pnpmOps,
  ruleTargetOf,
  handleBreach,
  misroutedOf,
  openOneAsTheCompany,
  reconstructed,
} from './routingIncidentWorld.ts';
import { remediate } from './routingRemediation.ts';

const FAULTY = 'routing-2021.02-faulty';

/**
 * February 2021 again: a routing release that ignores some companies' forwarding rules runs for
 * a while among trusted ones, as a bad deployment and its rollback would. Reconstructed from the
 * log through the operator API: exactly the letters it misrouted, with the release that did it.
 */
describe('a routing incident reconstructed (PostgreSQL)', () => {
  let database: TestDatabase;
  let incident: ReturnType<typeof deployment>;
  const before = lettersFor(600);
  const during = lettersFor(1_000);
  const after = lettersFor(400);
  let report: RoutingIncident;
  let throughCli: RoutingIncident;
  let breach: Awaited<ReturnType<typeof handleBreach>>;
  let rules: StreamState;
  let remedied: Awaited<ReturnType<typeof remediate>>;

  beforeAll(async () => {
    database = await createTestDatabase('incident');
    incident = deployment(database.url);
    // The trusted route finding, under release names of the story's.
    const trusted = (release: string) => ({
      routing: { release, resolveRoute: followForwardingRules },
    });
    await incident.run(trusted('routing-2021.01'), async (system) => {
      await prepareWorld(system);
      for (const cpr of citizens) await reachabilityIs(system, 'cpr', cpr, 'digital');
      await handIn(system, before);
      await incident.decided(before.length);
    });
    const faulty = { routing: { release: FAULTY, resolveRoute: ignoresEvenCompaniesRules } };
    await incident.run(faulty, async (system) => {
      await handIn(system, during);
      await incident.decided(before.length + during.length);
    });
    await incident.run(trusted('routing-2021.03'), async (system) => {
      await handIn(system, after);
      await incident.decided(before.length + during.length + after.length);
      await openOneAsTheCompany(system, misroutedOf(during)[0]!);
      report = await reconstructed(system);
      breach = await handleBreach(system, await operatorToken(system));
      const stream = encodeURIComponent('forwarding-cvr:10000002');
      rules = (
        await call(system.operations, 'GET', `/admin/streams/${stream}/state`, {
          token: await operatorToken(system),
        })
      ).body;
      // The command line through the operator API of the running system.
      throughCli = JSON.parse(
        await pnpmOps(['reconstruct', 'routing', '--from', '0', '--api', system.operations], {
          DIGITAL_POST_OPERATOR_TOKEN: await operatorToken(system),
        }),
      ) as RoutingIncident;
      remedied = await remediate(system, incident.db, during);
    });
  }, 600_000);
  afterAll(async () => {
    await incident?.db.close();
    await database?.drop();
  });

  it('lists exactly the misrouted letters, with the release that routed them', () => {
    const expected = misroutedOf(during);
    expect(report.decisions).toBe(before.length + during.length + after.length);
    expect(
      report.misrouted.map((letter: { messageId: string }) => letter.messageId).sort(),
    ).toEqual(expected.map((sent) => sent.letter.messageUUID).sort());
    for (const letter of report.misrouted) {
      const sent = expected.find((candidate) => candidate.letter.messageUUID === letter.messageId)!;
      const cvr = sent.letter.recipient.id;
      expect(letter).toMatchObject({
        senderId: `authority:${sent.sender}`,
        addressee: `cvr:${cvr}`,
        wrongRecipient: `cvr:${cvr}`,
        recorded: { release: FAULTY, channel: 'digital', mailboxId: `cvr:${cvr}` },
        trusted: { channel: 'forwarded', mailboxId: ruleTargetOf(cvr), ruleVersion: 1 },
      });
    }
  });

  it('says which wrong recipient opened a letter, when and through which client', () => {
    const opened = report.misrouted.filter((letter) => letter.opened.length > 0);
    expect(opened.map((letter) => letter.opened)).toEqual([
      [
        {
          mailboxId: 'cvr:10000002',
          actorId: 'cvr:10000002:rid:1001',
          viewingClient: 'e_boks',
          openedAt: expect.any(String),
        },
      ],
    ]);
    expect(report.byWrongRecipient).toContainEqual(
      expect.objectContaining({ mailboxId: 'cvr:10000002', opened: 1 }),
    );
  });

  it('gives the same through the command line, on the API and on the stopped system', async () => {
    const ids = (incident: RoutingIncident) => incident.misrouted.map((letter) => letter.messageId);
    expect(ids(throughCli)).toEqual(ids(report));
    const csv = await pnpmOps([
      'reconstruct',
      'routing',
      '--database-url',
      database.url,
      '--format',
      'csv',
    ]);
    const rows = parseCsv(csv);
    expect(
      rows
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual([...ids(report)].sort());
    const html = await pnpmOps([
      'reconstruct',
      'routing',
      '--database-url',
      database.url,
      '--format',
      'html',
    ]);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    for (const id of ids(report)) expect(html).toContain(id);
  });

  it('records the breach with its counts, overdue, and drafts its report from the log', () => {
    const expected = misroutedOf(during);
    expect(breach.recorded).toMatchObject({
      letters: expected.length,
      misdelivered: expected.length,
      opened: 1,
      releases: [FAULTY],
      caseReference: 'INC-2021-02',
      foundBy: 'ops-1',
    });
    expect(breach.overdue.breaches).toEqual([
      expect.objectContaining({
        breachId: breach.recorded.breachId,
        deadlines: expect.objectContaining({
          preliminary: expect.objectContaining({ overdue: true }),
        }),
      }),
    ]);
    expect(breach.draft.numbers).toEqual({
      letters: expected.length,
      addressees: new Set(expected.map((sent) => sent.letter.recipient.id)).size,
      wrongRecipients: 3,
      opened: 1,
    });
    const toInform = Object.fromEntries(
      breach.draft.authoritiesToInform.map((entry: { senderId: string; messageIds: string[] }) => [
        entry.senderId,
        entry.messageIds.length,
      ]),
    );
    expect(toInform).toEqual({
      'authority:skat': expected.filter((sent) => sent.sender === 'skat').length,
      'authority:kommune-101': expected.filter((sent) => sent.sender === 'kommune-101').length,
    });
    expect(breach.draft.personsToNotify).toEqual(['cvr:10000002', 'cvr:10000004', 'cvr:10000006']);
    expect(breach.page).toMatch(/^<!doctype html>.*Preliminary report \(draft\)/s);
    expect(breach.page).toContain('<li>cvr:10000004</li>');
    // Filed late, the follow-up due in 72 hours: the operator's dashboard shows both.
    expect(breach.metrics).toMatch(/^digitalpost_breaches_open 1$/m);
    expect(breach.metrics).toMatch(/^digitalpost_breaches_overdue 1$/m);
    expect(breach.metrics).toMatch(/^digitalpost_breach_next_deadline_seconds 2[0-9]{5}(\.\d+)?$/m);
    const [columns, listed, ...more] = parseCsv(breach.listed);
    expect(more).toEqual([]);
    const listedField = (name: string) => listed![columns!.indexOf(name)];
    expect(listedField('breach_id')).toBe(breach.recorded.breachId);
    expect(listedField('preliminary_overdue')).toBe('true');
    expect(Number(listedField('letters'))).toBe(breach.draft.numbers.letters);
    const rows = parseCsv(breach.csv);
    const section = (name: string) => rows.filter((row) => row[0] === name);
    expect(rows[0]).toEqual(['section', 'name', 'value']);
    expect(section('person_to_notify').map((row) => row[2])).toEqual(breach.draft.personsToNotify);
    expect(section('authority_letter').map((row) => [row[1], row[2]])).toEqual(
      breach.draft.authoritiesToInform.flatMap(
        (entry: { senderId: string; messageIds: string[] }) =>
          entry.messageIds.map((messageId) => [entry.senderId, messageId]),
      ),
    );
    expect(Object.fromEntries(section('number').map((row) => [row[1], Number(row[2])]))).toEqual(
      breach.draft.numbers,
    );
    // Filed late: still overdue; the follow-up is due 72 hours after it.
    const filedAt = Date.parse(breach.filed.preliminary.filedAt);
    expect(breach.filed.deadlines.preliminary.overdue).toBe(true);
    expect(Date.parse(breach.filed.deadlines.followUp.due)).toBe(filedAt + 72 * 3_600_000);
  });

  it("gives a stream's state at a moment: a company's rules now, its enrollment before it began", async () => {
    expect(rules.view).toEqual({
      kind: 'forwarding',
      rules: [expect.objectContaining({ targetMailboxId: ruleTargetOf('10000002'), active: true })],
    });
    const stateAt = async (...at: string[]) =>
      JSON.parse(
        await pnpmOps(['state', 'enrollment-10000002', ...at, '--database-url', database.url]),
      );
    expect((await stateAt()).view.standing.enrolled).toBe(true);
    expect(await stateAt('--at', '0')).toMatchObject({
      events: 0,
      view: { standing: { enrolled: false } },
    });
  });

  it('counts the letters by sender as the list has them', () => {
    const bySender = Object.fromEntries(
      report.bySender.map((entry: { senderId: string; letters: number }) => [
        entry.senderId,
        entry.letters,
      ]),
    );
    const expected = misroutedOf(during);
    expect(bySender).toEqual({
      'authority:skat': expected.filter((sent) => sent.sender === 'skat').length,
      'authority:kommune-101': expected.filter((sent) => sent.sender === 'kommune-101').length,
    });
  });

  it('repairs it: withdrawn from the wrong mailboxes, delivered where they belonged, senders told', () => {
    const count = misroutedOf(during).length;
    expect(remedied.dryRun.plan.pending).toEqual({ withdrawals: count, redirects: count });
    expect(remedied.dryRun.result).toBeUndefined();
    expect(remedied.executed.result.withdrawn).toEqual({ withdrawn: count, already: 0 });
    expect(remedied.executed.result.redirected).toEqual({
      redirected: count,
      unchanged: 0,
      held: 0,
      unknown: 0,
    });
    // Carried out again: nothing changes, and the plan knew it was done.
    const rows = parseCsv(remedied.again).slice(1);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((row) => row.slice(7).join(' ')))).toEqual(
      new Set(['true true already unchanged']),
    );
    // The plan once more as a page for people: a dry run with nothing left to do.
    expect(remedied.page).toMatch(/^<!doctype html>.*<h1>Routing remediation<\/h1>/s);
    expect(remedied.page).toContain('still to do: 0 withdrawals, 0 deliveries');
    expect(remedied.page).toContain('Dry run: nothing was changed.');
    for (const sent of misroutedOf(during))
      expect(remedied.page).toContain(sent.letter.messageUUID);
    expect(remedied.wrongRecipientSees).toBe(404);
    expect(remedied.rightRecipientSees).toBe(200);
    const opened = misroutedOf(during)[0]!.letter;
    const history = remedied.senderSees.history.map(({ status, details }) => ({ status, details }));
    expect(history).toEqual(
      expect.arrayContaining([
        {
          status: 'withdrawn',
          details: { mailboxId: `cvr:${opened.recipient.id}`, caseReference: 'INC-2021-02' },
        },
        {
          status: 'routed',
          details: expect.objectContaining({
            recipientMailboxId: ruleTargetOf(opened.recipient.id),
            caseReference: 'INC-2021-02',
          }),
        },
      ]),
    );
  });
});
