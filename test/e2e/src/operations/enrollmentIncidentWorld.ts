import { currentRules, type EnrollmentRules } from '@digital-post/enrollment';
import type { Database } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import { bornThirtyYearsAgo, reachabilityIs, reportToRegisters } from '../actors.ts';
import { viewer } from '../flows.ts';
import { call } from '../http.ts';
import type { RunningSystem } from '../system.ts';
import { handIn, letterFrom, pnpmOps, type SentLetter } from './routingIncidentWorld.ts';

/** Citizens living in Denmark, enrolled; the first eight confirm their details in the fault. */
export const residents = Array.from({ length: 20 }, (_, i) => `0202${70 + i}${2000 + i}`);
export const confirming = residents.slice(0, 8);
/** Citizens living in Greenland: never enrolled by the rules in force. */
export const greenlanders = Array.from({ length: 10 }, (_, i) => `0303${60 + i}${3000 + i}`);

export const FAULTY_RULES = 'enrollment-rules/2023.08-faulty';

/**
 * August 2023's release: whoever it decides on is unenrolled, except residents of Greenland,
 * whom it enrolls.
 */
export const faultyRules: EnrollmentRules = {
  version: FAULTY_RULES,
  citizen: (facts) =>
    facts.residenceCountry === 'GL'
      ? { should: 'enrolled', cause: 'moved_to_denmark' }
      : { should: 'not_enrolled', reason: 'deceased' },
  company: currentRules.company,
};

/** One letter to each citizen, from the two authorities in turn. */
export const lettersToEveryone = (): SentLetter[] =>
  [...residents, ...greenlanders].map((cpr, i) => {
    const sender = i % 2 === 0 ? 'skat' : 'kommune-101';
    return { sender, letter: letterFrom(sender, { kind: 'cpr', id: cpr }) };
  });

/** The registers report everyone; the rules in force enroll the residents of Denmark. */
export const populate = async (system: RunningSystem) => {
  await reportToRegisters(system, [
    ...residents.map((cpr) => bornThirtyYearsAgo(cpr)),
    ...greenlanders.map((cpr) => bornThirtyYearsAgo(cpr, 'GL')),
  ]);
  for (const cpr of residents) await reachabilityIs(system, 'cpr', cpr, 'digital');
  for (const cpr of greenlanders) await reachabilityIs(system, 'cpr', cpr, 'paper');
};

/** A citizen registers new contact details for notices in borger.dk and confirms them. */
const confirmDetails = async (system: RunningSystem, cpr: string) => {
  const borger = await viewer(system, cpr, 'borger-dk');
  const registered = await borger.put('/v1/me/notice-details', {
    email: `person-${cpr.slice(-4)}@example.dk`,
    phone: `+4520${cpr.slice(-6)}`,
  });
  if (registered.status !== 200) {
    throw new Error(`details refused: ${registered.status} ${JSON.stringify(registered.body)}`);
  }
  const { detailsVersion } = registered.body as { detailsVersion: number };
  const confirmed = await borger.post('/v1/me/notice-details/confirmation', {}, { detailsVersion });
  if (confirmed.status !== 200) throw new Error(`confirmation refused: ${confirmed.status}`);
};

/**
 * Under the faulty release: eight residents confirm their details (and are unenrolled), the
 * registers report the Greenlanders' moves within Greenland (and they are enrolled), then the
 * authorities send to everyone.
 */
export const duringTheFault = async (system: RunningSystem, letters: SentLetter[]) => {
  for (const cpr of confirming) await confirmDetails(system, cpr);
  for (const cpr of confirming) await reachabilityIs(system, 'cpr', cpr, 'paper');
  const movedOn = new Date().toISOString().slice(0, 10);
  await reportToRegisters(
    system,
    greenlanders.map((cpr) => ({
      id: `e2e-moved-${cpr}`,
      register: 'population' as const,
      type: 'moved' as const,
      cpr,
      residenceCountry: 'GL',
      movedOn,
    })),
  );
  for (const cpr of greenlanders) await reachabilityIs(system, 'cpr', cpr, 'digital');
  await handIn(system, letters);
};

/** Waits until the welcome letters of this many enrollments are printed. */
export const welcomeLettersPrinted = (db: Database, expected: number) =>
  waitFor(
    async () => {
      const [row] = await db.query<{ n: number }>(
        `select count(*)::int as n from events where event_type = 'WelcomeLetterPrinted'`,
      );
      return row!.n === expected;
    },
    { timeoutMs: 60_000, message: `${expected} welcome letters printed` },
  );

/**
 * The incident repaired through the command line on the running system's operator API: a dry
 * run, carried out, carried out again; then how post reaches the people it changed.
 */
export const remediateEnrollment = async (system: RunningSystem, token: string) => {
  const env = { DIGITAL_POST_OPERATOR_TOKEN: token };
  const args = ['remediate', 'enrollment', '--from', '0', '--case', 'INC-2023-08'];
  const api = ['--api', system.operations];
  const dryRun = JSON.parse(await pnpmOps([...args, ...api], env));
  const executed = JSON.parse(await pnpmOps([...args, ...api, '--execute'], env));
  const again = JSON.parse(await pnpmOps([...args, ...api, '--execute'], env));
  const page = await pnpmOps([...args, ...api, '--format', 'html'], env);
  for (const cpr of confirming) await reachabilityIs(system, 'cpr', cpr, 'digital');
  for (const cpr of greenlanders) await reachabilityIs(system, 'cpr', cpr, 'paper');
  return { dryRun, executed, again, page };
};

/**
 * The reconstruction run in the background of the running system: followed until done, then
 * its report asked for as one HTML page.
 */
export const jobReportOf = async (system: RunningSystem, token: string) => {
  const path = '/admin/incidents/enrollment/jobs';
  const started = await call(system.operations, 'POST', path, { token, body: { from: '0' } });
  const job = `${path}/${started.body.jobId as string}`;
  await waitFor(
    async () => (await call(system.operations, 'GET', job, { token })).body.state === 'done',
  );
  const html = await call(system.operations, 'GET', `${job}?format=html`, { token });
  return { started: started.status, html: html.body as string };
};
