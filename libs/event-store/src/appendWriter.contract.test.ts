import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendWriter } from './appendWriter.ts';
import { ConcurrencyError, DuplicateEventError, type Database, type NewEvent } from './index.ts';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';

const letter = (n: number): NewEvent & { id: string } => ({
  id: randomUUID(),
  type: 'MessageAccepted',
  data: { messageId: `m-${n}`, n },
  metadata: { actor: { kind: 'authority-system', id: 'skat' } },
});

/** The database, counting the statements run on it outside transactions. */
const counting = (db: Database) => {
  const seen = { statements: 0 };
  const counted: Database = {
    ...db,
    query: (text, params) => {
      seen.statements += 1;
      return db.query(text, params);
    },
  };
  return { counted, seen };
};

describe.each(storeAdapters)('appends written in groups on %s', (name, open) => {
  let sut: StoreUnderTest;
  beforeEach(async () => {
    sut = await open();
  });
  afterEach(async () => {
    await sut.dispose();
  });

  it('writes many writers’ appends in few statements, each answered as it would be alone', async () => {
    const { counted, seen } = counting(sut.db);
    const write = appendWriter(counted);
    const retried = [letter(0)];
    const first = await write('message-retried', retried, 'no_stream');
    await sut.store.append('message-taken', [letter(1)]);
    const before = seen.statements;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 40 }, (_, i) => write(`message-${i}`, [letter(i)], 'no_stream')),
      write('message-taken', [letter(41)], 'no_stream'),
      write('message-retried', retried, 'no_stream'),
      write('message-taken', [letter(42)], 1),
    ]);
    expect(seen.statements - before).toBeLessThan(10);
    const [fresh, [taken, retry, next]] = [outcomes.slice(0, 40), outcomes.slice(40)];
    expect(fresh.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(taken).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
    expect(retry).toEqual({ status: 'fulfilled', value: first });
    expect(next).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 2 } });
    const versions = await sut.store.readStreams(['message-0', 'message-39', 'message-taken']);
    expect([...versions.values()].map((events) => events.length)).toEqual([1, 1, 2]);
  });

  it('keeps one stream’s appends in the order they were made, a group apart', async () => {
    const write = appendWriter(sut.db);
    await Promise.all(Array.from({ length: 10 }, (_, i) => write('mailbox-1', [letter(i)], 'any')));
    const events = await sut.store.readStream('mailbox-1');
    expect(events.map((event) => (event.data as { n: number }).n)).toEqual(
      Array.from({ length: 10 }, (_, i) => i),
    );
  });

  it.skipIf(name === 'PGlite')(
    'writes a group’s appends one by one when another writer races it to an event id',
    async () => {
      const contested = letter(7);
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      // Another writer stores the contested id first and commits while the group waits on it.
      const rival = sut.db.transaction(async (tx) => {
        await sut.store.append('message-rival', [contested], { tx });
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const write = appendWriter(sut.db, { groupsInFlight: 1 });
      const outcomes = Promise.allSettled([
        write('message-a', [letter(1)], 'no_stream'),
        write('message-b', [contested], 'no_stream'),
        write('message-c', [letter(3)], 'no_stream'),
      ]);
      setTimeout(release, 200);
      await rival;
      const [a, b, c] = await outcomes;
      expect([a?.status, c?.status]).toEqual(['fulfilled', 'fulfilled']);
      expect(b).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventError) });
      const stored = await sut.store.readStreams(['message-a', 'message-b', 'message-c']);
      const counts = ['message-a', 'message-b', 'message-c'].map((id) => stored.get(id)?.length);
      expect(counts).toEqual([1, undefined, 1]);
    },
  );
});
