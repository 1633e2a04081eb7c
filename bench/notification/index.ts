import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore, openPostgresStore, type OpenedStore } from '@digital-post/event-store';
import { createTestDatabase } from '@digital-post/testing';
import { profiled } from '../delivery/profile.ts';
import { measureBareSending, type BaselineFigures } from './baseline.ts';
import { measureService, type ServiceFigures } from './dispatch.ts';
import { generatePopulation, mailboxesOf } from './population.ts';
import { startSmtpServerProcess } from './smtpProcess.ts';

/**
 * pnpm bench:notification — notices of a mass sending dispatched per second to a real SMTP
 * server, on PGlite and on the PostgreSQL server (a fresh database), beside the SMTP server's own
 * rate of taking mail from a bare nodemailer loop in the same run.
 *
 * BENCH_LETTERS letters (100,000) delivered to as many mailboxes, each with an e-mail address
 * registered, generated into the store before anything is timed; then the notification service
 * starts, follows the deliveries into notices (queued/s) and hands them to the SMTP server, a
 * process of its own, until every one is recorded as sent (dispatched/s, from its start).
 * BENCH_BASELINE_LETTERS (20,000) mails go first through nodemailer alone, with the provider's
 * transport settings and as many in flight as a dispatch batch holds (BENCH_DISPATCH_BATCH, 500).
 * With BENCH_PROFILE=<prefix> the service's phase is CPU-profiled to
 * `<prefix>.<engine>-dispatch.cpuprofile`.
 */
const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const letters = setting('BENCH_LETTERS', 100_000);
const baselineLetters = setting('BENCH_BASELINE_LETTERS', 20_000);
const batch = setting('BENCH_DISPATCH_BATCH', 500);

interface EngineFigures {
  engine: string;
  service: ServiceFigures;
  baseline: BaselineFigures;
}

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
const whole = (value: number) => Math.round(value).toLocaleString('en');

const benchEngine = async (engine: string, opened: OpenedStore): Promise<EngineFigures> => {
  log(`${engine}: generating ${whole(letters)} mailboxes with details and a letter each…`);
  const started = performance.now();
  await generatePopulation(opened, mailboxesOf(letters), (step, done) =>
    process.stdout.write(`\r  ${step} ${whole(done)}   `),
  );
  // Details registered long ago have been vacuumed and analysed (autovacuum) since.
  await opened.db.query('vacuum analyze');
  console.log(`in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const smtp = await startSmtpServerProcess();
  try {
    log(`${engine}: ${whole(baselineLetters)} mails through bare nodemailer…`);
    const baseline = await measureBareSending(smtp, baselineLetters, batch);
    log(`${engine}: the notification service, until every notice is sent…`);
    const service = await profiled(`${engine}-dispatch`, () =>
      measureService(opened, smtp, letters, batch),
    );
    for (const [phase, { cpuSeconds, seconds }] of Object.entries({ baseline, service })) {
      const { bench, smtpServer, machine } = cpuSeconds;
      log(
        `  ${phase}: ${seconds.toFixed(1)} s; CPU: ${bench.toFixed(1)} s this process, ` +
          `${smtpServer.toFixed(1)} s the SMTP server, ${(machine - bench - smtpServer).toFixed(1)} s ` +
          `the rest of the machine (the PostgreSQL server…), ${(availableParallelism() * seconds - machine).toFixed(1)} s idle`,
      );
    }
    return { engine, service, baseline };
  } finally {
    await smtp.close();
  }
};

const withEngine = async (engine: string, workDir: string): Promise<EngineFigures> => {
  if (engine === 'PGlite') {
    const opened = await openPgliteStore({ dataDir: join(workDir, 'pglite') });
    try {
      return await benchEngine(engine, opened);
    } finally {
      await opened.store.close();
    }
  }
  const database = await createTestDatabase('bench_notification');
  const opened = await openPostgresStore({ connectionString: database.url });
  try {
    return await benchEngine(engine, opened);
  } finally {
    await opened.store.close();
    await database.drop();
  }
};

const print = (results: EngineFigures[]) => {
  console.log('\nnotices of a mass sending, one letter to each mailbox, e-mail over SMTP');
  console.table(
    results.flatMap(({ engine, service, baseline }) => [
      { engine, measure: 'notices queued/s', figure: whole(service.queuedPerSecond), ratio: '' },
      {
        engine,
        measure: `notices dispatched/s (${whole(service.notices)}, ${service.failed} failed)`,
        figure: whole(service.sentPerSecond),
        ratio: (service.sentPerSecond / baseline.mailsPerSecond).toFixed(2),
      },
      {
        engine,
        measure: `baseline: bare nodemailer mails/s (${whole(baseline.mails)})`,
        figure: whole(baseline.mailsPerSecond),
        ratio: '1.00',
      },
      { engine, measure: 'peak RSS MiB', figure: whole(service.peakRssMiB), ratio: '' },
    ]),
  );
};

const engines = (process.env.BENCH_ENGINES ?? 'PGlite,PostgreSQL').split(',');
const unknown = engines.filter((engine) => engine !== 'PGlite' && engine !== 'PostgreSQL');
if (unknown.length > 0) throw new Error(`BENCH_ENGINES: no engine ${unknown.join(', ')}`);
const workDir = await mkdtemp(join(tmpdir(), 'dp-bench-notification-'));
const results: EngineFigures[] = [];
try {
  for (const engine of engines) results.push(await withEngine(engine, workDir));
} finally {
  await rm(workDir, { recursive: true, force: true });
}
print(results);
