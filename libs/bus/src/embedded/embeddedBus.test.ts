import { describe, expect, it } from 'vitest';
import { createEventStore, openPgliteDatabase } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import { busContract } from '../testing/busContract.ts';
import { createEffectsTable, effectCounts, recordEffect } from '../testing/effects.ts';
import { createEmbeddedBus } from './embeddedBus.ts';

busContract('the embedded adapter (PGlite, store log)', async () => {
  const db = await openPgliteDatabase();
  const store = await createEventStore(db);
  const bus = await createEmbeddedBus(store, db);
  return {
    store,
    db,
    bus,
    event: (n, type = 'routed') => ({
      type: type === 'routed' ? 'MessageRouted' : 'MessageDelivered',
      data: { n },
    }),
    dispose: async () => {
      await bus.close();
      await store.close();
    },
  };
});

describe('an embedded consumer whose subscription fails as it starts', () => {
  it('is restarting until a new subscription runs, then has every effect once', async () => {
    const db = await openPgliteDatabase();
    const store = await createEventStore(db);
    const bus = await createEmbeddedBus(store, db, {
      restartBackoff: { initialMs: 50, maxMs: 200 },
    });
    const append = async (from: number, to: number) => {
      for (let n = from; n <= to; n++) {
        await store.append(`message-${n % 3}`, [{ type: 'MessageRouted', data: { n } }]);
      }
    };
    const effectsReach = (distinct: number) =>
      waitFor(async () => (await effectCounts(db, 'mailbox')).distinct >= distinct);
    try {
      await createEffectsTable(db);
      await append(1, 5);
      // A subscription reads its checkpoint as it starts; failing that, it ends for good.
      await db.query('alter table subscription_checkpoints rename to checkpoints_away');
      await bus.consume({
        groupId: 'mailbox',
        categories: ['message'],
        handle: recordEffect('mailbox'),
        onError: () => undefined,
      });
      const [down] = await waitFor(() => bus.health()[0]?.state === 'restarting' && bus.health());
      expect(down).toMatchObject({
        groupId: 'mailbox',
        reason: expect.stringMatching(/checkpoint/),
      });

      await db.query('alter table checkpoints_away rename to subscription_checkpoints');
      await waitFor(() => bus.health()[0]?.state === 'running', { message: 'running again' });
      await effectsReach(5);
      await append(6, 10);
      await effectsReach(10);
      expect(await effectCounts(db, 'mailbox')).toEqual({ total: 10, distinct: 10 });
    } finally {
      await bus.close();
      await store.close();
    }
  });
});
