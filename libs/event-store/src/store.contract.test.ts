import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAdapters, type StoreUnderTest } from './testing/storeAdapters.ts';
import { waitFor } from '@digital-post/testing';
import {
  ConcurrencyError,
  DuplicateEventError,
  type NewEvent,
  type ReadAllOptions,
} from './index.ts';

const letter = (n: number, type = 'MessageAccepted'): NewEvent => ({
  type,
  data: { messageId: `m-${n}`, n },
  metadata: { correlationId: `c-${n}`, actor: { kind: 'authority-system', id: 'skat' } },
});

describe.each(storeAdapters)('event store on %s', (_name, open) => {
  let sut: StoreUnderTest;
  beforeEach(async () => {
    sut = await open();
  });
  afterEach(async () => {
    await sut.dispose();
  });

  /**
   * The log shows an event once no older transaction is still running anywhere on the server
   * (transaction ids are server-wide), so a test running beside others waits for that moment.
   */
  const readAllOnceSettled = (options: ReadAllOptions, count: number) =>
    waitFor(
      async () => {
        const events = await sut.store.readAll(options);
        return events.length === count && events;
      },
      { message: `${count} events in the global log` },
    );

  it('appends a new stream and reads it back with versions, types and metadata', async () => {
    const result = await sut.store.append('message-1', [letter(1), letter(2, 'MessageRouted')], {
      expectedVersion: 'no_stream',
    });
    expect(result.nextExpectedVersion).toBe(2);
    const events = await sut.store.readStream('message-1');
    expect(events.map((e) => [e.type, e.streamVersion, e.schemaVersion])).toEqual([
      ['MessageAccepted', 1, 1],
      ['MessageRouted', 2, 1],
    ]);
    expect(events[0]!.data).toEqual({ messageId: 'm-1', n: 1 });
    expect(events[0]!.metadata.actor).toEqual({ kind: 'authority-system', id: 'skat' });
    expect(events.map((e) => e.metadata.correlationId)).toEqual(['c-1', 'c-2']);
    expect(events[0]!.recordedAt).toBeInstanceOf(Date);
    expect(events[1]!.globalPosition).toBeGreaterThan(events[0]!.globalPosition);
    expect(result.lastPosition.globalPosition).toBe(events[1]!.globalPosition);
  });

  it('appends to many streams at once, each at its own version, and reads them in one go', async () => {
    await sut.store.append('message-2', [letter(20)]);
    const results = await sut.store.appendToStreams([
      { streamId: 'message-1', events: [letter(1), letter(2)], expectedVersion: 'no_stream' },
      { streamId: 'message-2', events: [letter(21)], expectedVersion: 1 },
      { streamId: 'message-1', events: [letter(3)], expectedVersion: 2 },
    ]);
    expect(results.map((result) => result.nextExpectedVersion)).toEqual([2, 2, 3]);
    const streams = await sut.store.readStreams(['message-1', 'message-2', 'message-9']);
    expect([...streams.keys()].sort()).toEqual(['message-1', 'message-2']);
    expect(streams.get('message-1')!.map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { messageId: 'm-1', n: 1 }],
      [2, { messageId: 'm-2', n: 2 }],
      [3, { messageId: 'm-3', n: 3 }],
    ]);
    expect(streams.get('message-1')!.map((e) => e.metadata.correlationId)).toEqual([
      'c-1',
      'c-2',
      'c-3',
    ]);
    expect(streams.get('message-2')!.map((e) => e.streamVersion)).toEqual([1, 2]);
    const last = streams.get('message-1')!.at(-1)!;
    expect(results[2]!.lastPosition.globalPosition).toBe(last.globalPosition);
  });

  it('appends to many streams all or none: one wrong expected version stores nothing', async () => {
    await sut.store.append('message-2', [letter(20)]);
    await expect(
      sut.store.appendToStreams([
        { streamId: 'message-1', events: [letter(1)], expectedVersion: 'no_stream' },
        { streamId: 'message-2', events: [letter(21)], expectedVersion: 'no_stream' },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await sut.store.readStream('message-1')).toEqual([]);
    expect(await sut.store.readStream('message-2')).toHaveLength(1);
  });

  it('answers a repeated append to many streams as the first time, storing nothing more', async () => {
    const appends = [
      { streamId: 'message-1', events: [{ ...letter(1), id: randomUUID() }] },
      { streamId: 'message-2', events: [{ ...letter(2), id: randomUUID() }] },
    ];
    const first = await sut.store.appendToStreams(appends);
    expect(await sut.store.appendToStreams(appends)).toEqual(first);
    const streams = await sut.store.readStreams(['message-1', 'message-2']);
    expect([...streams.values()].map((events) => events.length)).toEqual([1, 1]);
  });

  it("appends to many streams inside a caller's transaction, rolled back with it", async () => {
    await expect(
      sut.db.transaction(async (tx) => {
        await sut.store.appendToStreams([{ streamId: 'message-1', events: [letter(1)] }], { tx });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect((await sut.store.readStreams(['message-1'])).size).toBe(0);
  });

  it('reads part of a stream and an unknown stream as empty', async () => {
    await sut.store.append('message-1', [letter(1), letter(2), letter(3)]);
    const tail = await sut.store.readStream('message-1', { fromVersion: 2, maxCount: 1 });
    expect(tail.map((e) => e.streamVersion)).toEqual([2]);
    expect(await sut.store.readStream('message-404')).toEqual([]);
  });

  it('enforces every kind of expected version with a typed conflict', async () => {
    await expect(
      sut.store.append('message-1', [letter(1)], { expectedVersion: 'stream_exists' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await sut.store.append('message-1', [letter(1)], { expectedVersion: 'no_stream' });
    await expect(
      sut.store.append('message-1', [letter(2)], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(
      sut.store.append('message-1', [letter(2)], { expectedVersion: 5 }),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', actual: 1, expected: 5 });
    await sut.store.append('message-1', [letter(2)], { expectedVersion: 1 });
    await sut.store.append('message-1', [letter(3)], { expectedVersion: 'stream_exists' });
    await sut.store.append('message-1', [letter(4)], { expectedVersion: 'any' });
    expect(await sut.store.readStream('message-1')).toHaveLength(4);
  });

  it('stores a retried append once and answers as the first time', async () => {
    const events = [letter(1), letter(2)].map((e) => ({ ...e, id: randomUUID() }));
    const first = await sut.store.append('message-1', events, { expectedVersion: 'no_stream' });
    const retry = await sut.store.append('message-1', events, { expectedVersion: 'no_stream' });
    expect(retry).toEqual(first);
    expect(await sut.store.readStream('message-1')).toHaveLength(2);
  });

  it('refuses a batch that repeats only some stored ids', async () => {
    const stored = { ...letter(1), id: randomUUID() };
    await sut.store.append('message-1', [stored]);
    await expect(
      sut.store.append('message-1', [stored, { ...letter(2), id: randomUUID() }]),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(sut.store.append('message-2', [stored])).rejects.toBeInstanceOf(
      DuplicateEventError,
    );
    expect(await sut.store.readStream('message-1')).toHaveLength(1);
  });

  it('lets exactly one of several writers at the same version win', async () => {
    await sut.store.append('mailbox-1', [letter(0)]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        sut.store.append('mailbox-1', [letter(i + 1)], { expectedVersion: 1 }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    }
    expect(await sut.store.readStream('mailbox-1')).toHaveLength(2);
  });

  it('keeps a stream dense when many writers append with any version', async () => {
    // More writers than the pool has connections: races on the next version, again and again.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => sut.store.append('mailbox-1', [letter(i)])),
    );
    const versions = (await sut.store.readStream('mailbox-1')).map((e) => e.streamVersion);
    expect(versions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('appends inside a caller transaction and stores nothing when it rolls back', async () => {
    await expect(
      sut.db.transaction(async (tx) => {
        await sut.store.append('message-1', [letter(1)], { tx });
        throw new Error('the caller changes its mind');
      }),
    ).rejects.toThrow('changes its mind');
    expect(await sut.store.readStream('message-1')).toEqual([]);
    await sut.db.transaction((tx) => sut.store.append('message-1', [letter(1)], { tx }));
    expect(await sut.store.readStream('message-1')).toHaveLength(1);
  });

  it('reads a stream inside a caller transaction, seeing its own uncommitted appends', async () => {
    await sut.store.append('forwarding-cvr:11111111', [letter(1)]);
    const seen = await sut.db.transaction(async (tx) => {
      await sut.store.append('forwarding-cvr:11111111', [letter(2)], { tx });
      return sut.store.readStream('forwarding-cvr:11111111', { tx });
    });
    expect(seen.map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('refuses an empty append', async () => {
    await expect(sut.store.append('message-1', [])).rejects.toThrow(RangeError);
  });

  it('refuses an event without data, alone or among others, and stores nothing', async () => {
    const bare = { type: 'MessageAccepted', data: undefined };
    await expect(sut.store.append('message-1', [letter(1), bare])).rejects.toThrow(RangeError);
    await expect(
      sut.store.appendToStreams([
        { streamId: 'message-2', events: [letter(2)] },
        { streamId: 'message-3', events: [bare] },
      ]),
    ).rejects.toThrow(RangeError);
    expect(await sut.store.readStreams(['message-1', 'message-2', 'message-3'])).toEqual(new Map());
  });

  it('reads the global log in batches from a position', async () => {
    for (let i = 1; i <= 5; i++) await sut.store.append(`message-${i}`, [letter(i)]);
    const first = await readAllOnceSettled({ batchSize: 2 }, 2);
    expect(first.map((e) => e.streamId)).toEqual(['message-1', 'message-2']);
    const last = first[1]!;
    const rest = await readAllOnceSettled(
      { after: { transactionId: last.transactionId, globalPosition: last.globalPosition } },
      3,
    );
    expect(rest.map((e) => e.streamId)).toEqual(['message-3', 'message-4', 'message-5']);
  });

  it('filters the global log by category and by event type', async () => {
    await sut.store.append('message-1', [letter(1), letter(2, 'MessageRouted')]);
    await sut.store.append('enrollment-0101', [letter(3, 'CitizenEnrolled')]);
    const enrollment = await readAllOnceSettled({ categories: ['enrollment'] }, 1);
    expect(enrollment.map((e) => e.type)).toEqual(['CitizenEnrolled']);
    const routed = await readAllOnceSettled(
      { eventTypes: ['MessageRouted', 'CitizenEnrolled'] },
      2,
    );
    expect(routed.map((e) => e.type)).toEqual(['MessageRouted', 'CitizenEnrolled']);
    const both = await sut.store.readAll({
      categories: ['message'],
      eventTypes: ['MessageRouted'],
    });
    expect(both.map((e) => e.type)).toEqual(['MessageRouted']);
  });
});
