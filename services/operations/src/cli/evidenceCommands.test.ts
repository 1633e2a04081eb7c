import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type OpenedStore } from '@digital-post/event-store';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { chainEverything } from '../evidence/testing/chainEverything.ts';
import { ensureChainSchema } from '../evidence/chainSchema.ts';
import { newCheckpointKey, publicPemOf } from '../evidence/checkpointKey.ts';
import { opsRun } from './testing/opsRun.ts';

/** `pnpm ops verify | prove | check-proof | checkpoints` on a stopped system's database. */
describe('pnpm ops, the chain over the log', () => {
  let database: TestDatabase;
  let opened: OpenedStore;
  let dir: string;
  let eventId: string;
  const key = newCheckpointKey();
  beforeAll(async () => {
    database = await createTestDatabase('ops_evidence');
    opened = await openPostgresStore({ connectionString: database.url });
    await ensureChainSchema(opened.db);
    for (const n of [1, 2, 3]) {
      await opened.store.append(`mailbox-cpr:0101011234.m${n}`, [
        { type: 'MessageOpened', data: { messageId: `m${n}`, viewingClient: 'borger_dk' } },
      ]);
    }
    const options = {
      key,
      policy: { everyEvents: 1, everyMs: 0 },
      batchSize: 100,
      now: () => new Date(),
    };
    await chainEverything(opened.db, options);
    [{ event_id: eventId }] = (await opened.db.query<{ event_id: string }>(
      'select event_id::text from events order by global_position limit 1',
    )) as [{ event_id: string }];
    dir = await mkdtemp(join(tmpdir(), 'ops-evidence-'));
    await writeFile(join(dir, 'key.pub.pem'), publicPemOf(key.publicKey));
  });
  afterAll(async () => {
    await opened?.store.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => opsRun(args);
  const onTheDatabase = () => ['--database-url', database.url];
  const publicKey = () => ['--public-key', join(dir, 'key.pub.pem')];

  it('proves an event, and the proof checks offline with the public key alone', async () => {
    const proof = join(dir, 'proof.json');
    expect((await run('prove', eventId, '--out', proof, ...onTheDatabase())).code).toBe(0);
    const checked = await run('check-proof', proof, ...publicKey());
    expect(checked.code).toBe(0);
    expect(checked.told).toMatch(
      new RegExp(`holds: event ${eventId} \\(MessageOpened, position \\d+\\) is in checkpoint 1`),
    );
    const forged = JSON.parse(await readFile(proof, 'utf8')) as { event: string };
    forged.event = forged.event.replace('borger_dk', 'mit_dk');
    await writeFile(proof, JSON.stringify(forged));
    expect(await run('check-proof', proof, ...publicKey())).toEqual({
      code: 1,
      told: "check-proof: does NOT hold: the event does not hash to the checkpoint's root\n",
    });
  });

  it('verifies the chain against the checkpoints kept outside; exits 1 once it is changed', async () => {
    const kept = join(dir, 'checkpoints.ndjson');
    expect((await run('checkpoints', '--out', kept, ...onTheDatabase())).code).toBe(0);
    const intact = await run('verify', '--checkpoints', kept, ...publicKey(), ...onTheDatabase());
    expect(intact.code).toBe(0);
    expect(intact.told).toMatch(/verify: intact: 3 events, 1 checkpoints/);
    await opened.db.query(
      `update events set data = data || '{"viewingClient":"e_boks"}' where event_id = $1`,
      [eventId],
    );
    const changed = await run('verify', '--checkpoints', kept, ...publicKey(), ...onTheDatabase());
    expect(changed.code).toBe(1);
    expect(changed.told).toMatch(
      new RegExp(
        `NOT INTACT: the first event that does not match: position \\d+ \\(changed, event ${eventId}, MessageOpened\\)`,
      ),
    );
    expect(changed.told).not.toContain('e_boks');
  });

  it.each([
    [['prove', 'not-an-id'], /an event id/],
    [['verify', '--api', 'http://ops'], /verify reads the database/],
    [['verify', '--from', '1'], /--from: not an option of verify/],
    [['replay', '--public-key', 'k.pem'], /--public-key: not an option of replay/],
  ])('refuses %j', async (args, reason) => {
    const { code, told } = await run(...args);
    expect(code).toBe(2);
    expect(told).toMatch(reason);
  });
});
