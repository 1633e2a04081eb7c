import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { openPostgresStore, type LogPosition, type OpenedStore } from './index.ts';
import { logBeyond } from './read.ts';

/**
 * What a reader of some categories is told lies beyond its position, asked of each category's
 * index on the server: nothing for other categories' events or other types, readable for its
 * own, held back while an older transaction still runs.
 */
describe('what lies beyond a filtered reader on the PostgreSQL server', () => {
  let database: TestDatabase;
  let opened: OpenedStore;
  beforeAll(async () => {
    database = await createTestDatabase('beyond');
    opened = await openPostgresStore({ connectionString: database.url, poolSize: 4 });
  });
  afterAll(async () => {
    await opened.store.close();
    await database.drop();
  });

  const append = async (streamId: string, type = 'MessageDelivered'): Promise<LogPosition> =>
    (await opened.store.append(streamId, [{ type, data: {} }])).lastPosition;
  const beyond = (after: LogPosition, eventTypes?: string[]) =>
    logBeyond(opened.db, { after, categories: ['mailbox'], ...(eventTypes && { eventTypes }) });

  it('given only other categories and other types beyond, then nothing is readable or held', async () => {
    const after = await append('mailbox-a');
    for (let n = 0; n < 20; n++) await append(`notification-${n}`, 'NoticeSent');
    await append('mailbox-b', 'MessageMovedToFolder');
    expect(await beyond(after, ['MessageDelivered'])).toEqual({ readable: false, heldBack: false });
  });

  it('given its own event behind a running older transaction, then it is held back until that ends', async () => {
    const after = await append('mailbox-c');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const holding = new Promise<void>((resolve) => (begun = resolve));
    const older = opened.db.transaction(async (tx) => {
      await opened.store.append('routing-older', [{ type: 'MessageRouted', data: {} }], { tx });
      begun();
      await released;
    });
    await holding;
    await append('mailbox-d');
    expect(await beyond(after)).toEqual({ readable: false, heldBack: true });
    release();
    await older;
    expect(await beyond(after)).toEqual({ readable: true, heldBack: false });
  });
});
