import { createEventStore, openPgliteDatabase } from '@digital-post/event-store';
import { busContract } from '../testing/busContract.ts';
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
