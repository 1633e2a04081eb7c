import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@digital-post/bus';
import { createContentStore } from '@digital-post/content-store';
import {
  createEnrollmentService,
  createFileRegisterFeed,
  currentRules,
  ensureEnrollmentSchema,
  runAudit,
  writeRegisterBatch,
} from '@digital-post/enrollment';
import {
  openPgliteStore,
  openPostgresStore,
  type Database,
  type OpenedStore,
} from '@digital-post/event-store';
import { createLocalFilePrintChannel } from '@digital-post/print';
import { createTestDatabase } from '@digital-post/testing';
import { generatePopulation } from '@digital-post/enrollment/testing';
import { profiled } from '../delivery/profile.ts';
import { sampleEvents } from './sample.ts';

/**
 * pnpm bench:enrollment — register events applied per second against a population of a
 * million people (BENCH_POPULATION), on PGlite and on the PostgreSQL server, beside the
 * baseline of recording the same lines as bare rows in the same transactions; and the time
 * the audit takes to recompute the rules for the whole population.
 */
const population = Number(process.env.BENCH_POPULATION ?? 1_000_000);
const sampleSize = Number(process.env.BENCH_REGISTER_EVENTS ?? 10_000);
const CHUNK = 500;
const today = new Date().toISOString().slice(0, 10);

interface Row {
  engine: string;
  measure: string;
  figure: string;
  'ratio to baseline': string;
}

const seconds = (started: number) => (performance.now() - started) / 1000;

/** The floor: each line inserted as a row, 500 to a transaction, as the feed runner commits. */
const baselineRate = async (db: Database, lines: string[]): Promise<number> => {
  await db.query('create table if not exists bench_register_lines (line text not null)');
  const started = performance.now();
  for (let from = 0; from < lines.length; from += CHUNK) {
    await db.transaction(async (tx) => {
      for (const line of lines.slice(from, from + CHUNK)) {
        await tx.query('insert into bench_register_lines (line) values ($1)', [line]);
      }
    });
  }
  return lines.length / seconds(started);
};

const benchEngine = async (
  engine: string,
  opened: OpenedStore,
  workDir: string,
): Promise<Row[]> => {
  const { store, db } = opened;
  await ensureEnrollmentSchema(db);
  let started = performance.now();
  await generatePopulation(db, population, today, (done) =>
    process.stdout.write(`\r  ${engine}: generating population ${done.toLocaleString('en')}`),
  );
  console.log(` in ${seconds(started).toFixed(0)} s`);
  // A population registered long ago has been vacuumed and analysed (autovacuum), its rows'
  // visibility settled; rows fresh from a bulk load would have the feed's first reads do it.
  await db.query('vacuum analyze');

  const events = sampleEvents(population, sampleSize, today);
  const feedDir = join(workDir, `${engine}-feed`);
  for (let from = 0; from < events.length; from += 2000) {
    await writeRegisterBatch(
      feedDir,
      `batch-${String(from).padStart(8, '0')}`,
      events.slice(from, from + 2000),
    );
  }
  const baseline = await baselineRate(
    db,
    events.map((event) => JSON.stringify(event)),
  );

  const service = createEnrollmentService({
    store,
    db,
    bus: await createEmbeddedBus(store, db),
    content: await createContentStore(db),
    printChannel: createLocalFilePrintChannel(join(workDir, `${engine}-print`)),
    registerFeed: createFileRegisterFeed(feedDir),
    // Measures throughput: the breaker still counts every change, but does not trip.
    breakerLimits: { maxChanges: Number.MAX_SAFE_INTEGER, minimumLimit: Number.MAX_SAFE_INTEGER },
  });
  started = performance.now();
  const outcome = await profiled(`${engine}-feed`, () => service.drainRegisterFeed());
  const rate = outcome.read / seconds(started);
  console.log(`  ${engine}: applied`, outcome);

  started = performance.now();
  const audit = await runAudit(db, currentRules, today);
  const auditSeconds = seconds(started);
  console.log(`  ${engine}: audit listed ${audit.differences.length} differences`);
  return [
    {
      engine,
      measure: `register events applied/s (population ${population.toLocaleString('en')})`,
      figure: Math.round(rate).toLocaleString('en'),
      'ratio to baseline': (rate / baseline).toFixed(2),
    },
    {
      engine,
      measure: 'baseline: the same lines inserted as rows/s',
      figure: Math.round(baseline).toLocaleString('en'),
      'ratio to baseline': '1.00',
    },
    {
      engine,
      measure: `audit of the whole population, s (${Math.round(population / auditSeconds).toLocaleString('en')} people/s)`,
      figure: auditSeconds.toFixed(1),
      'ratio to baseline': '',
    },
  ];
};

const engines = (process.env.BENCH_ENGINES ?? 'PGlite,PostgreSQL').split(',');
const workDir = await mkdtemp(join(tmpdir(), 'dp-bench-enrollment-'));
const rows: Row[] = [];
try {
  if (engines.includes('PGlite')) {
    const opened = await openPgliteStore({ dataDir: join(workDir, 'pglite') });
    try {
      rows.push(...(await benchEngine('PGlite', opened, workDir)));
    } finally {
      await opened.store.close();
    }
  }
  if (engines.includes('PostgreSQL')) {
    const database = await createTestDatabase('bench_enrollment');
    const opened = await openPostgresStore({ connectionString: database.url, poolSize: 8 });
    try {
      rows.push(...(await benchEngine('PostgreSQL', opened, workDir)));
    } finally {
      await opened.store.close();
      await database.drop();
    }
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
console.table(rows);
