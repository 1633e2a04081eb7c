import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type OpenedStore } from '@digital-post/event-store';
import { createTestDatabase, startTsProcess, type TestDatabase } from '@digital-post/testing';
import { chainRound } from './chainer.ts';
import { ensureChainSchema } from './chainSchema.ts';
import { newCheckpointKey, privatePemOf } from './checkpointKey.ts';
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

/**
 * The chainer killed mid-batch, again and again, while the log grows: each time its round's
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
    for (const stallAt of [3, 1, 2]) {
      const chainer = startTsProcess(chainerScript, {
        DATABASE_URL: database.url,
        CHECKPOINT_KEY: privatePemOf(key),
        BATCH_SIZE: '700',
        STALL_AT_ROUND: String(stallAt),
      });
      await chainer.waitForLine('STALLED', 60_000);
      await chainer.kill();
    }
    await writing;
    const options = {
      key,
      policy: { everyEvents: 1_000, everyMs: 0 },
      batchSize: 700,
      now: () => new Date(),
    };
    await chainEverything(opened.db, options);
    await chainRound(opened.db, options);
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
