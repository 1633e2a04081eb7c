import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore, openPostgresStore } from '@digital-post/event-store';
import { createTestDatabase } from '@digital-post/testing';
import { printTable, type Figure } from './measure.ts';
import { runWorkloads } from './workloads.ts';

/**
 * pnpm bench:store — event store throughput on PGlite (a data directory on disk, as the embedded
 * default runs) and on the PostgreSQL server (a fresh database), each beside the raw INSERT rate
 * of the same rows on the same database in the same run.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

const benchPglite = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'dp-bench-'));
  const { store, db } = await openPgliteStore({ dataDir });
  try {
    return await runWorkloads('PGlite', store, db, seconds);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};

const benchPostgres = async () => {
  const database = await createTestDatabase('bench_store');
  const { store, db } = await openPostgresStore({ connectionString: database.url, poolSize: 32 });
  try {
    return await runWorkloads('PostgreSQL', store, db, seconds);
  } finally {
    await store.close();
    await database.drop();
  }
};

const figures: Figure[] = [];
const ceilings = new Map<string, number>();
for (const [engine, bench] of [
  ['PGlite', benchPglite],
  ['PostgreSQL', benchPostgres],
] as const) {
  console.log(`measuring ${engine} (${seconds} s per figure)…`);
  const result = await bench();
  figures.push(...result.figures);
  ceilings.set(engine, result.ceiling);
}
printTable(figures, ceilings);
