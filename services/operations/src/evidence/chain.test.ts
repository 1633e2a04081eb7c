import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { engineNames, openEngine } from '@digital-post/event-store/testing';
import { chainRound, type ChainOptions } from './chainer.ts';
import { startChainer } from './chainRunner.ts';
import { ensureChainSchema } from './chainSchema.ts';
import { newCheckpointKey } from './checkpointKey.ts';
import { checkProof } from './checkProof.ts';
import { proveEvent } from './proof.ts';
import { chainEverything } from './testing/chainEverything.ts';
import { verifyChain } from './verifyChain.ts';

const HOUR = 3_600_000;

/** A log of opens and deliveries, chained in rounds of seven with a checkpoint every ten. */
const chainedLog = async (engine: (typeof engineNames)[number], events: number) => {
  const opened = await openEngine(engine, 'chain');
  await ensureChainSchema(opened.db);
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const options: ChainOptions = {
    key: newCheckpointKey(),
    policy: { everyEvents: 10, everyMs: HOUR },
    batchSize: 7,
    now: () => new Date(clock.now),
  };
  const append = async (count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const messageId = `m${ids.length}-${Math.random()}`;
      const [{ lastPosition }] = [
        await opened.store.append(`mailbox-cpr:0101011234.${messageId}`, [
          {
            type: 'MessageOpened',
            data: {
              messageId,
              viewingClient: 'mit_dk',
              openedAt: new Date(clock.now).toISOString(),
            },
          },
        ]),
      ];
      const [row] = await opened.db.query<{ event_id: string }>(
        'select event_id::text from events where global_position = $1',
        [lastPosition.globalPosition],
      );
      ids.push(row!.event_id);
    }
    return ids;
  };
  const chainAll = () => chainEverything(opened.db, options);
  const ids = await append(events);
  await chainAll();
  return { opened, options, clock, ids, append, chainAll };
};

describe.each(engineNames)('the chain over the log on %s', (engine) => {
  let world: Awaited<ReturnType<typeof chainedLog>> | undefined;
  afterEach(() => world?.opened.dispose());

  it('chains every event in log order, with signed checkpoints that verify', async () => {
    world = await chainedLog(engine, 25);
    world.clock.now += HOUR;
    await world.chainAll();
    await chainRound(world.opened.db, world.options);
    const verification = await verifyChain(world.opened.db, {
      publicKey: world.options.key.publicKey,
    });
    expect(verification).toEqual({
      intact: true,
      chained: 25,
      checkpoints: 3,
      firstMismatch: null,
      checkpointProblems: [],
    });
  });

  it('proves an open to anyone with the public key, offline', async () => {
    world = await chainedLog(engine, 25);
    const proof = await proveEvent(world.opened.db, world.ids[12]!);
    const check = checkProof(JSON.parse(JSON.stringify(proof)), world.options.key.publicKey);
    expect(check.holds).toBe(true);
    expect(check.holds && check.event[5]).toBe('MessageOpened');
    const [latest] = await world.opened.db.query<{ tree_size: number }>(
      'select tree_size::int from operations.chain_checkpoints order by seq desc limit 1',
    );
    expect(check.holds && check.statement.treeSize).toBe(latest!.tree_size);
    const stranger = newCheckpointKey().publicKey;
    expect(checkProof(proof, stranger)).toEqual({
      holds: false,
      why: 'the checkpoint is not signed with this key',
    });
  });

  it('names an event changed behind its back; the proofs made after show it', async () => {
    world = await chainedLog(engine, 25);
    const { opened, ids, options } = world;
    const before = await proveEvent(opened.db, ids[4]!);
    await opened.db.query(
      `update events set data = jsonb_set(data, '{viewingClient}', '"e_boks"') where event_id = $1`,
      [ids[4]],
    );
    await world.append(10);
    await world.chainAll();
    const verification = await verifyChain(opened.db, { publicKey: options.key.publicKey });
    expect(verification.intact).toBe(false);
    expect(verification.firstMismatch).toMatchObject({
      eventId: ids[4],
      problem: 'changed',
      leafIndex: 4,
    });
    // Every checkpoint whose tree holds the changed event.
    const holding = await opened.db.query<{ seq: number }>(
      'select seq::int from operations.chain_checkpoints where tree_size > 4 order by seq',
    );
    expect(verification.checkpointProblems).toEqual(
      holding.map(({ seq }) => ({ seq, problem: 'root' })),
    );
    // The proof made before still shows what was signed; one made now, against the later
    // checkpoint, no longer checks; an untouched event's does.
    expect(checkProof(before, options.key.publicKey).holds).toBe(true);
    const after = await proveEvent(opened.db, ids[4]!);
    expect(JSON.parse(after.checkpoint.payload).seq).toBe(holding.at(-1)!.seq);
    expect(checkProof(after, options.key.publicKey)).toMatchObject({ holds: false });
    expect(checkProof(await proveEvent(opened.db, ids[5]!), options.key.publicKey).holds).toBe(
      true,
    );
  });

  it('names an event deleted behind its back, and a checkpoint rewritten', async () => {
    world = await chainedLog(engine, 25);
    const { opened, ids, options } = world;
    await world.append(10);
    await world.chainAll();
    const kept = await opened.db.query<{ payload: string; signature: string }>(
      'select payload, signature from operations.chain_checkpoints order by seq',
    );
    await opened.db.query('delete from events where event_id = $1', [ids[9]]);
    await opened.db.query(
      `update operations.chain_checkpoints
          set payload = regexp_replace(payload, '"treeSize":\\d+', '"treeSize":1') where seq = 2`,
    );
    const verification = await verifyChain(opened.db, { publicKey: options.key.publicKey, kept });
    expect(verification.firstMismatch).toMatchObject({
      leafIndex: 9,
      problem: 'missing',
      eventId: null,
    });
    expect(verification.checkpointProblems).toEqual([
      { seq: 2, problem: 'signature' },
      { seq: 2, problem: 'differs from the kept copy' },
      { seq: 2, problem: 'root' },
      { seq: 3, problem: 'previous' },
    ]);
  });

  it('is not ready while its rounds fail, and ready again once they go through', async () => {
    world = await chainedLog(engine, 3);
    const { opened, options } = world;
    const chainer = startChainer(opened.db, { ...options, idleMs: 10, onError: () => {} });
    const ready = async () => {
      try {
        await chainer.readiness.check(new AbortController().signal);
        return true;
      } catch {
        return false;
      }
    };
    try {
      expect(await ready()).toBe(true);
      await opened.db.query('alter table operations.chain_nodes rename to chain_nodes_away');
      await world.append(8);
      await waitFor(async () => !(await ready()), { message: 'not ready' });
      await opened.db.query('alter table operations.chain_nodes_away rename to chain_nodes');
      await waitFor(ready, { message: 'ready again' });
      await world.chainAll();
    } finally {
      await chainer.stop();
    }
  });
});
