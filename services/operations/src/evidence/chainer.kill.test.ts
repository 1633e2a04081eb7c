import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPgliteStore,
  openPostgresStore,
  type Database,
  type OpenedStore,
} from '@digital-post/event-store';
import { createTestDatabase, startTsProcess, type TestDatabase } from '@digital-post/testing';
import { chainRound } from './chainer.ts';
import { ensureChainSchema } from './chainSchema.ts';
import { newCheckpointKey, privatePemOf, type CheckpointKey } from './checkpointKey.ts';
import { chainEverything } from './testing/chainEverything.ts';
import { verifyChain } from './verifyChain.ts';

const chainerScript = fileURLToPath(new URL('./testing/chainerProcess.ts', import.meta.url));

/** Events of many streams appended in batches, as a busy platform writes them. */
const appendMany = async (opened: OpenedStore, batches: number, prefix: string) => {
  for (let b = 0; b < batches; b += 1) {
    await opened.store.appendToStreams(
      Array.from({ length: 100 }, (_, i) => ({
        streamId: `message-${prefix}-${b}-${i}`,
        events: [{ type: 'MessageAccepted', data: { messageId: `${prefix}-${b}-${i}` } }],
      })),
    );
  }
};

/** Chainer processes one after another, each killed inside its round `stallAt`. */
const killMidRound = async (
  where: Record<string, string>,
  key: CheckpointKey,
  stalls: number[],
) => {
  for (const stallAt of stalls) {
    const chainer = startTsProcess(chainerScript, {
      ...where,
      CHECKPOINT_KEY: privatePemOf(key),
      BATCH_SIZE: '700',
      STALL_AT_ROUND: String(stallAt),
    });
    await chainer.waitForLine('STALLED', 60_000);
    await chainer.kill();
  }
};

/** The rest of the log chained here, and one more round to sign what is left. */
const finishChain = async (db: Database, key: CheckpointKey) => {
  const options = {
    key,
    policy: { everyEvents: 1_000, everyMs: 0 },
    batchSize: 700,
    now: () => new Date(),
  };
  await chainEverything(db, options);
  await chainRound(db, options);
};

/**
 * The chainer killed mid-batch (PostgreSQL), again and again, while the log grows: each time its round's
 * leaves, nodes and head are rolled back together, and the next chainer goes on from the last
 * committed round. At the end every event is chained exactly once, in log order, and verifies.
 */
describe('the chain, its chainer killed mid-batch (PostgreSQL)', () => {
  let database: TestDatabase;
  let opened: OpenedStore;
  const key = newCheckpointKey();
  beforeAll(async () => {
    database = await createTestDatabase('chain_kill');
    opened = await openPostgresStore({ connectionString: database.url });
    await ensureChainSchema(opened.db);
    await appendMany(opened, 30, 'before');
  });
  afterAll(async () => {
    await opened?.store.close();
    await database?.drop();
  });

  it('leaves no gap and no fork', async () => {
    const writing = appendMany(opened, 20, 'during');
    await killMidRound({ DATABASE_URL: database.url }, key, [3, 1, 2]);
    await writing;
    await finishChain(opened.db, key);
    const [counts] = await opened.db.query<{
      events: number;
      leaves: number;
      unchained: number;
      size: number;
    }>(
      `select (select count(*)::int from events) as events,
              (select count(*)::int from operations.chain_leaves) as leaves,
              (select size::int from operations.chain_head) as size,
              (select count(*)::int from events e where not exists
                 (select 1 from operations.chain_leaves l where l.global_position = e.global_position)) as unchained`,
    );
    expect(counts).toEqual({ events: 5_000, leaves: 5_000, size: 5_000, unchained: 0 });
    const verification = await verifyChain(opened.db, { publicKey: key.publicKey });
    expect(verification).toMatchObject({ intact: true, chained: 5_000, checkpointProblems: [] });
  }, 180_000);
});

/**
 * On the embedded default the chainer runs in the one process that has the data directory open:
 * killed mid-round, the whole process goes, and PGlite opens the directory again as it was at
 * the last commit.
 */
describe('the chain, its process killed mid-batch (PGlite)', () => {
  let dataDir: string;
  const key = newCheckpointKey();
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dp-chain-kill-'));
    const opened = await openPgliteStore({ dataDir });
    await ensureChainSchema(opened.db);
    await appendMany(opened, 20, 'embedded');
    await opened.store.close();
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('leaves no gap and no fork', async () => {
    await killMidRound({ DATA_DIR: dataDir }, key, [2, 1]);
    const opened = await openPgliteStore({ dataDir });
    try {
      await finishChain(opened.db, key);
      const verification = await verifyChain(opened.db, { publicKey: key.publicKey });
      expect(verification).toMatchObject({ intact: true, chained: 2_000, checkpointProblems: [] });
    } finally {
      await opened.store.close();
    }
  }, 180_000);
});
