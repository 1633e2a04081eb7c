import { randomUUID } from 'node:crypto';
import type { Database, EventStore } from '@digital-post/event-store';
import {
  chainRound,
  ensureChainSchema,
  eventsBehind,
  newCheckpointKey,
  startChainer,
} from '@digital-post/operations';
import { measureRate, type Figure } from './measure.ts';

const key = newCheckpointKey();
const options = {
  key,
  policy: { everyEvents: 100_000, everyMs: 60_000 },
  batchSize: 5_000,
  now: () => new Date(),
};

/**
 * The chain beside the store's own figures: the rate it chains the log at when it has a backlog
 * (every event the store's workloads wrote), then the single-event appends again, 32 writers,
 * with the chainer running beside them as in the operations process, and how far behind it was
 * when they stopped.
 */
export const chainingFigures = async (
  engine: string,
  store: EventStore,
  db: Database,
  seconds: number,
): Promise<Figure[]> => {
  await ensureChainSchema(db);
  const backlog = await eventsBehind(db);
  const started = performance.now();
  while ((await chainRound(db, options)) > 0);
  const catchUp = backlog / ((performance.now() - started) / 1000);
  const chainer = startChainer(db, { ...options, idleMs: 20, onError: console.error });
  const run = randomUUID();
  const appended = await measureRate(seconds, 32, async (w, i) => {
    await store.append(`message-${run}-${w}-${i}`, [
      { type: 'MessageAccepted', data: { messageId: randomUUID(), senderId: 'authority:skat' } },
    ]);
    return 1;
  });
  const behind = await eventsBehind(db);
  await chainer.stop();
  console.log(
    `${engine}: chained a backlog of ${backlog.toLocaleString('en')} events; ${behind.toLocaleString('en')} unchained when the writers stopped`,
  );
  return [
    {
      engine,
      measure: 'chain: backlog chained (leaves, nodes, head; 5,000 a round)',
      eventsPerSecond: catchUp,
    },
    { engine, measure: 'append, 1 event, 32 writers, chainer beside', eventsPerSecond: appended },
  ];
};
