import { batchingStore, openPgliteStore, type OpenedStore } from '@digital-post/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../commands/commandHandler.ts';
import { folderNaming } from '../testing/folderNaming.ts';
import { withInlineProjections, type InlineProjection } from './inlineProjections.ts';

/** Folder creations counted per stream, as a read model would keep them. */
const counted: InlineProjection = {
  handles: ['FolderCreated'],
  project: async (tx, events) => {
    for (const event of events) {
      await tx.query(
        `insert into folder_counts (stream_id, n) values ($1, 1)
           on conflict (stream_id) do update set n = folder_counts.n + 1`,
        [event.streamId],
      );
    }
  },
};

const failing: InlineProjection = {
  handles: ['FolderRenamed'],
  project: async () => {
    throw new Error('the read model refused');
  },
};

describe('inline projections registered once on the store', () => {
  let opened: OpenedStore;
  const countOf = async (streamId: string) =>
    Number(
      (
        await opened.db.query<{ n: number }>('select n from folder_counts where stream_id = $1', [
          streamId,
        ])
      )[0]?.n ?? 0,
    );

  beforeAll(async () => {
    opened = await openPgliteStore();
    await opened.db.query('create table folder_counts (stream_id text primary key, n int)');
  });
  afterAll(() => opened.store.close());

  it('keeps the read model in step with every append, in its transaction', async () => {
    const store = withInlineProjections(opened.store, opened.db, [counted, failing]);
    const handler = createCommandHandler(store, folderNaming);
    await handler.handle('folders-a', { type: 'CreateFolder', folderId: 'f1', name: 'Tax' });
    await handler.handle('folders-a', { type: 'CreateFolder', folderId: 'f2', name: 'Health' });
    expect(await countOf('folders-a')).toBe(2);
  });

  it('appends nothing when a projection fails: the read model never lags the log', async () => {
    const store = withInlineProjections(opened.store, opened.db, [counted, failing]);
    const handler = createCommandHandler(store, folderNaming);
    await handler.handle('folders-b', { type: 'CreateFolder', folderId: 'f1', name: 'Tax' });
    const rename = { type: 'RenameFolder' as const, folderId: 'f1', name: 'Taxes' };
    await expect(handler.handle('folders-b', rename)).rejects.toThrow('the read model refused');
    expect((await opened.store.readStream('folders-b')).map((e) => e.type)).toEqual([
      'FolderCreated',
    ]);
  });

  it('projects inside a caller’s transaction, and rolls back with it', async () => {
    const store = withInlineProjections(opened.store, opened.db, [counted]);
    const handler = createCommandHandler(store, folderNaming);
    await opened.db
      .transaction(async (tx) => {
        await handler.handle(
          'folders-c',
          { type: 'CreateFolder', folderId: 'f1', name: 'T' },
          { tx },
        );
        expect(
          await tx.query('select n from folder_counts where stream_id = $1', ['folders-c']),
        ).toEqual([{ n: 1 }]);
        throw new Error('the caller fails');
      })
      .catch(() => {});
    expect(await countOf('folders-c')).toBe(0);
    expect(await opened.store.readStream('folders-c')).toEqual([]);
  });

  it("writes what the command keeps beside its events in the same transaction (the handler's db)", async () => {
    await opened.db.query('create table folder_names (folder_id text primary key, name text)');
    const store = withInlineProjections(opened.store, opened.db, [counted]);
    const handler = createCommandHandler(store, folderNaming, { db: opened.db });
    const name =
      (folderId: string, value: string) => async (tx: Parameters<InlineProjection['project']>[0]) =>
        void (await tx.query('insert into folder_names values ($1, $2)', [folderId, value]));
    await handler.handle(
      'folders-d',
      { type: 'CreateFolder', folderId: 'd1', name: 'Tax' },
      { alsoInTransaction: name('d1', 'Tax') },
    );
    await expect(
      handler.handle(
        'folders-d',
        { type: 'CreateFolder', folderId: 'd2', name: 'Tax again' },
        { alsoInTransaction: name('d1', 'duplicate key') },
      ),
    ).rejects.toThrow();
    expect((await opened.store.readStream('folders-d')).map((e) => e.data)).toEqual([
      { folderId: 'd1', name: 'Tax' },
    ]);
    expect(await countOf('folders-d')).toBe(1);
  });

  it('projects the appends of a batch to many streams once, together, as the batch ends', async () => {
    const calls: string[][] = [];
    const recording: InlineProjection = {
      handles: ['FolderCreated'],
      project: async (tx, events) => {
        calls.push(events.map((event) => event.streamId));
        await counted.project(tx, events);
      },
    };
    const batching = batchingStore(opened.store);
    const store = withInlineProjections(batching, opened.db, [recording], batching);
    const handler = createCommandHandler(store, folderNaming);
    await opened.db.transaction((tx) =>
      batching.inBatch(tx, async () => {
        for (const [n, stream] of ['folders-e', 'folders-f', 'folders-e'].entries()) {
          const folderId = `f${n}`;
          await handler.handle(stream, { type: 'CreateFolder', folderId, name: folderId }, { tx });
        }
        expect(calls).toEqual([]);
      }),
    );
    expect(calls).toEqual([['folders-e', 'folders-f', 'folders-e']]);
    expect([await countOf('folders-e'), await countOf('folders-f')]).toEqual([2, 1]);
    expect(await opened.store.readStream('folders-e')).toHaveLength(2);
  });
});
