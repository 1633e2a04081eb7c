import {
  ConcurrencyError,
  openPgliteStore,
  type OpenedStore,
  type RecordedEvent,
} from '@digital-post/event-store';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInRequestContext } from '../context/requestContext.ts';
import { installInMemoryTracing, type InMemoryTracing } from '../testing/inMemoryTracing.ts';
import { createCommandHandler } from './commandHandler.ts';
import { DomainRuleError } from './domainRuleError.ts';
import { folderNaming, type FolderCommand, type FolderEvent } from '../testing/folderNaming.ts';
import { InMemoryEventStoreTestDouble } from '../testing/inMemoryEventStore.ts';

const STREAM = 'folders-5b3c3f43';
const create = (folderId: string, name: string): FolderCommand => ({
  type: 'CreateFolder',
  folderId,
  name,
});
const created = (folderId: string, name: string): FolderEvent => ({
  type: 'FolderCreated',
  data: { folderId, name },
});

let tracing: InMemoryTracing;
let store: InMemoryEventStoreTestDouble;
beforeAll(() => (tracing = installInMemoryTracing()));
afterAll(() => tracing.uninstall());
beforeEach(() => {
  store = new InMemoryEventStoreTestDouble();
  tracing.exporter.reset();
});

const given = (...events: FolderEvent[]) => store.append(STREAM, events);
const typesIn = (events: RecordedEvent[]) => events.map((event) => [event.type, event.data]);

describe('createCommandHandler: given events, when a command, then new events', () => {
  it('loads the stream, decides on its state and appends with the loaded version', async () => {
    await given(created('f1', 'Tax'));
    const append = vi.spyOn(store, 'append');
    const result = await createCommandHandler(store, folderNaming).handle(
      STREAM,
      create('f2', 'Pension'),
    );
    expect(result).toEqual({
      events: [created('f2', 'Pension')],
      eventIds: [expect.any(String)],
      nextExpectedVersion: 2,
      state: { f1: 'Tax', f2: 'Pension' },
    });
    expect(append.mock.calls[0]?.[2]).toEqual({ expectedVersion: 1 });
    expect(typesIn(await store.readStream(STREAM))).toEqual([
      ['FolderCreated', { folderId: 'f1', name: 'Tax' }],
      ['FolderCreated', { folderId: 'f2', name: 'Pension' }],
    ]);
  });

  it('appends nothing when the decider decides nothing', async () => {
    await given(created('f1', 'Tax'));
    const result = await createCommandHandler(store, folderNaming).handle(
      STREAM,
      create('f1', 'Tax'),
    );
    expect(result).toMatchObject({ events: [], nextExpectedVersion: 1 });
    expect(store.events).toHaveLength(1);
  });

  it('lets a broken rule through as a DomainRuleError and writes nothing', async () => {
    await given(created('f1', 'Tax'));
    await expect(
      createCommandHandler(store, folderNaming).handle(STREAM, create('f2', 'Tax')),
    ).rejects.toMatchObject({ name: 'DomainRuleError', rule: 'folder-name-taken' });
    expect(store.events).toHaveLength(1);
  });

  it('stamps events with correlation id, actor and trace context from the request context', async () => {
    const actor = { kind: 'citizen', id: 'citizen-7', client: 'mit.dk' };
    await runInRequestContext({ correlationId: 'corr-42', actor }, () =>
      createCommandHandler(store, folderNaming).handle(STREAM, create('f1', 'Tax'), {
        metadata: { causationId: 'event-9' },
      }),
    );
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.name).toBe('command CreateFolder');
    expect(span?.attributes['digital_post.stream_id']).toBe(STREAM);
    expect(store.events[0]?.metadata).toEqual({
      correlationId: 'corr-42',
      causationId: 'event-9',
      actor,
      traceparent: `00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`,
    });
  });

  it('maps stored events through toDecidedEvent, e.g. to upcast an old schema', async () => {
    await store.append(STREAM, [
      { type: 'FolderCreated', schemaVersion: 1, data: { id: 'f1', title: 'Tax' } },
    ]);
    const upcast = (event: RecordedEvent): FolderEvent => {
      const old = event.data as { id: string; title: string };
      return created(old.id, old.title);
    };
    const handler = createCommandHandler(store, folderNaming, { toDecidedEvent: upcast });
    expect(await handler.load(STREAM)).toEqual({ state: { f1: 'Tax' }, version: 1 });
    await expect(handler.handle(STREAM, create('f2', 'Tax'))).rejects.toBeInstanceOf(
      DomainRuleError,
    );
  });
});

describe('concurrent writers', () => {
  /** Another instance appends to the stream just before each of our appends, `times` times. */
  const competitor = (
    times: number,
    event = (n: number) => created(`other-${n}`, `Other ${n}`),
  ) => {
    let appended = 0;
    let competing = false;
    store.beforeAppend = async (streamId) => {
      if (competing || appended >= times) return;
      competing = true;
      appended += 1;
      await store.append(streamId, [event(appended)]).finally(() => (competing = false));
    };
    return { count: () => appended };
  };

  it('decides again on fresh state after losing a race, and succeeds', async () => {
    competitor(2);
    const result = await createCommandHandler(store, folderNaming).handle(
      STREAM,
      create('f1', 'Tax'),
    );
    expect(result.nextExpectedVersion).toBe(3);
    expect(result.state).toEqual({ 'other-1': 'Other 1', 'other-2': 'Other 2', f1: 'Tax' });
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.events.filter((event) => event.name.startsWith('concurrent write'))).toHaveLength(
      2,
    );
  });

  it('the fresh decision can refuse what the stale one would have allowed', async () => {
    competitor(1, () => created('f9', 'Tax'));
    await expect(
      createCommandHandler(store, folderNaming).handle(STREAM, create('f1', 'Tax')),
    ).rejects.toMatchObject({ rule: 'folder-name-taken' });
  });

  it('gives up with the ConcurrencyError after maxRetries', async () => {
    const race = competitor(100);
    const handler = createCommandHandler(store, folderNaming, { maxRetries: 2 });
    await expect(handler.handle(STREAM, create('f1', 'Tax'))).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(race.count()).toBe(3);
  });

  it('with a caller-fixed version (If-Match) a stale version fails at once, undecided', async () => {
    await given(created('f1', 'Tax'), created('f2', 'Pension'));
    const decide = vi.spyOn(folderNaming, 'decide');
    const handler = createCommandHandler(store, folderNaming);
    await expect(
      handler.handle(STREAM, create('f3', 'Receipts'), { expectedVersion: 1 }),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', expected: 1, actual: 2 });
    expect(decide).not.toHaveBeenCalled();
    decide.mockRestore();
  });

  it('with a caller-fixed version a race is not retried', async () => {
    await given(created('f1', 'Tax'));
    const race = competitor(1);
    await expect(
      createCommandHandler(store, folderNaming).handle(STREAM, create('f2', 'Pension'), {
        expectedVersion: 1,
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(race.count()).toBe(1);
  });

  it('with a caller-fixed version that matches, appends', async () => {
    await given(created('f1', 'Tax'));
    const result = await createCommandHandler(store, folderNaming).handle(
      STREAM,
      create('f2', 'Pension'),
      { expectedVersion: 1 },
    );
    expect(result.nextExpectedVersion).toBe(2);
  });

  it('a new stream can be required with no_stream', async () => {
    await given(created('f1', 'Tax'));
    await expect(
      createCommandHandler(store, folderNaming).handle(STREAM, create('f2', 'Pension'), {
        expectedVersion: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });
});

describe("inside a caller's transaction", () => {
  let opened: OpenedStore;
  beforeAll(async () => (opened = await openPgliteStore()));
  afterAll(() => opened.store.close());

  it('reads and writes the stream in it: committed with the caller’s work, or not at all', async () => {
    const handler = createCommandHandler(opened.store, folderNaming);
    await opened.db
      .transaction(async (tx) => {
        await handler.handle('folders-rolled-back', create('f1', 'Tax'), { tx });
        expect(await opened.store.readStream('folders-rolled-back', { tx })).toHaveLength(1);
        throw new Error('the caller fails after the command');
      })
      .catch(() => {});
    expect(await opened.store.readStream('folders-rolled-back')).toHaveLength(0);
    await opened.db.transaction((tx) =>
      handler.handle('folders-committed', create('f1', 'Tax'), { tx }),
    );
    expect(typesIn(await opened.store.readStream('folders-committed'))).toEqual([
      ['FolderCreated', { folderId: 'f1', name: 'Tax' }],
    ]);
  });

  it('decides on what the stream already holds, so a redelivered command changes nothing', async () => {
    const handler = createCommandHandler(opened.store, folderNaming);
    await opened.db.transaction((tx) =>
      handler.handle('folders-once', create('f1', 'Tax'), { tx }),
    );
    const again = opened.db.transaction((tx) =>
      handler.handle('folders-once', create('f1', 'Tax'), { tx }),
    );
    expect((await again).events).toEqual([]);
    expect(await opened.store.readStream('folders-once')).toHaveLength(1);
  });

  it('loads as the caller’s transaction sees it, for a handle with that version', async () => {
    const handler = createCommandHandler(opened.store, folderNaming);
    await opened.db.transaction(async (tx) => {
      await handler.handle('folders-loaded', create('f1', 'Tax'), { tx });
      const loaded = await handler.load('folders-loaded', tx);
      expect(loaded).toEqual({ state: { f1: 'Tax' }, version: 1 });
      const next = { tx, expectedVersion: loaded.version };
      await handler.handle('folders-loaded', create('f2', 'Pension'), next);
    });
    expect(await handler.load('folders-loaded')).toMatchObject({ version: 2 });
  });

  it('leaves a conflict to the caller instead of retrying in an aborted transaction', async () => {
    const append = vi
      .spyOn(store, 'append')
      .mockRejectedValueOnce(new ConcurrencyError(STREAM, 0, 1));
    const tx = { query: async () => [] } as never;
    await expect(
      createCommandHandler(store, folderNaming).handle(STREAM, create('f1', 'Tax'), { tx }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(append).toHaveBeenCalledTimes(1);
  });
});

describe('the ids of the new events', () => {
  it('are the ids they were stored under, so read models can point to them without a read', async () => {
    const result = await createCommandHandler(store, folderNaming).handle(
      STREAM,
      create('f9', 'Ids'),
    );
    const stored = await store.readStream(STREAM);
    expect(result.eventIds).toEqual(stored.slice(-result.events.length).map((e) => e.id));
    expect(result.eventIds).toHaveLength(1);
  });
});
