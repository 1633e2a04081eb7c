import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createEventStore, eventColumns, openPgDatabase } from '@digital-post/event-store';
import { currentRules, enrollmentRedecisionOf } from '@digital-post/enrollment';
import {
  ndjsonLine,
  reconstructEnrollment,
  reconstructRouting,
  replayLog,
} from '@digital-post/operations';
import { redecisionOf } from '@digital-post/routing';
import { createTestDatabase } from '@digital-post/testing';
import { expectedWrongChanges } from './enrollmentWorld.ts';
import { expectedMisrouted, generateWorld, WINDOW_HOURS } from './generate.ts';

/**
 * pnpm bench:forensics — the SREs' tools on a generated three-day window of the log on the
 * PostgreSQL server (BENCH_LETTERS letters, 600,000: about 2.3 million events with the
 * population): the replay's rate beside a bare `COPY … TO STDOUT` of the same rows by psql, and
 * the time of a routing and of an enrollment incident's reconstruction over the whole window;
 * then each extrapolated to three days of national traffic (15 million events).
 */
const letters = Number(process.env.BENCH_LETTERS ?? 600_000);
const world = {
  citizens: Number(process.env.BENCH_CITIZENS ?? 200_000),
  companies: 2_000,
  letters,
  start: new Date('2021-02-01T00:00:00Z'),
};
const NATIONAL_EVENTS = 15_000_000;

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
const seconds = (since: number) => (performance.now() - since) / 1000;

/** The rows as psql receives them, thrown away: the export's cost without the replay's work. */
const bareCopy = async (url: string, sql: string) => {
  const psql = spawn('psql', [url, '-qAt', '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = (await once(psql, 'exit')) as [number];
  if (code !== 0) throw new Error(`psql exited with ${code}`);
};

const database = await createTestDatabase('bench_forensics');
const db = openPgDatabase({ connectionString: database.url, poolSize: 4 });
try {
  await createEventStore(db);
  log(`generating ${letters.toLocaleString('en')} letters over ${WINDOW_HOURS} hours…`);
  await generateWorld(db, world, (done) => log(`  ${done.toLocaleString('en')} letters`));
  const [{ n: events } = { n: 0 }] = await db.query<{ n: number }>(
    'select count(*)::int as n from events',
  );

  log('a bare COPY of the window by psql…');
  let started = performance.now();
  await bareCopy(
    database.url,
    `copy (select ${eventColumns} from events order by global_position) to stdout`,
  );
  const copySeconds = seconds(started);

  log('the replay of the window as NDJSON…');
  started = performance.now();
  let bytes = 0;
  for await (const event of replayLog(db, {})) bytes += ndjsonLine(event).length;
  const replaySeconds = seconds(started);

  log('the routing incident reconstructed over the window…');
  const redecision = redecisionOf({
    store: await createEventStore(db),
    release: 'routing-trusted',
  });
  started = performance.now();
  const incident = await reconstructRouting(db, redecision, {});
  const reconstructSeconds = seconds(started);

  log('the enrollment incident reconstructed over the window…');
  const enrollmentRedecision = enrollmentRedecisionOf({
    store: await createEventStore(db),
    rules: currentRules,
  });
  started = performance.now();
  const enrollment = await reconstructEnrollment(db, enrollmentRedecision, {
    from: { at: world.start },
  });
  const enrollmentSeconds = seconds(started);

  const rate = (s: number) => Math.round(events / s);
  const national = (s: number) => `${((s * NATIONAL_EVENTS) / events / 60).toFixed(1)} min`;
  console.table([
    {
      figure: 'bare COPY … TO STDOUT (psql)',
      events,
      seconds: copySeconds.toFixed(1),
      'events/s': rate(copySeconds),
      'three national days': national(copySeconds),
    },
    {
      figure: 'replay (NDJSON)',
      events,
      seconds: replaySeconds.toFixed(1),
      'events/s': rate(replaySeconds),
      'three national days': national(replaySeconds),
    },
    {
      figure: 'routing incident reconstructed',
      events,
      seconds: reconstructSeconds.toFixed(1),
      'events/s': rate(reconstructSeconds),
      'three national days': national(reconstructSeconds),
    },
    {
      figure: 'enrollment incident reconstructed',
      events,
      seconds: enrollmentSeconds.toFixed(1),
      'events/s': rate(enrollmentSeconds),
      'three national days': national(enrollmentSeconds),
    },
  ]);
  const wrong = (change: string) =>
    enrollment.wrong.filter((w) => w.recorded.change === change).length;
  const followed = (key: 'toWronglyEnrolled' | 'onPaperForWronglyUnenrolled') =>
    enrollment.byAuthority.reduce((sum, authority) => sum + authority[key].length, 0);
  const expected = expectedWrongChanges(world);
  console.log(
    `${enrollment.changes.toLocaleString('en')} enrollment changes decided again; wrongly unenrolled ${wrong('unenrolled')} (${expected.unenrolled} generated), wrongly enrolled ${wrong('enrolled')} (${expected.enrolled} generated); ${followed('toWronglyEnrolled')} letters delivered to the wrongly enrolled (${expected.delivered} generated), ${followed('onPaperForWronglyUnenrolled')} on paper for the wrongly unenrolled (${expected.onPaper} generated); ${enrollment.welcomeLetters.length} welcome letters printed wrongly`,
  );
  console.log(
    `${incident.decisions.toLocaleString('en')} decisions decided again; ${incident.misrouted.length} misrouted found (${expectedMisrouted(world)} generated); replay wrote ${(bytes / 1024 ** 2).toFixed(0)} MiB`,
  );
} finally {
  await db.close();
  await database.drop();
}
