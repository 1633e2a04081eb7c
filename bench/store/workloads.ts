import { randomUUID } from 'node:crypto';
import type { Database, EventStore, NewEvent } from '@digital-post/event-store';
import { chainingFigures } from './chaining.ts';
import { measureRate, type Figure } from './measure.ts';

/** A realistic event: ids, a decision and a content hash, never the letter itself. */
const routed = (): NewEvent => ({
  type: 'MessageRouted',
  data: {
    messageId: randomUUID(),
    channel: 'digital',
    recipientMailboxId: randomUUID(),
    contentSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  metadata: { correlationId: randomUUID(), actor: { kind: 'system', id: 'routing' } },
});

export const runWorkloads = async (
  engine: string,
  store: EventStore,
  db: Database,
  seconds: number,
): Promise<{ figures: Figure[]; ceiling: number }> => {
  const figure = (measure: string, eventsPerSecond: number): Figure => ({
    engine,
    measure,
    eventsPerSecond,
  });
  const run = `${Date.now()}`;
  const single = (writers: number) =>
    measureRate(seconds, writers, async (w, i) => {
      await store.append(`message-${run}-${writers}-${w}-${i}`, [routed()]);
      return 1;
    });
  const figures = [
    figure('append, 1 event, 1 writer', await single(1)),
    figure('append, 1 event, 32 writers', await single(32)),
    figure(
      'append, 100-event batch, 1 writer',
      await measureRate(seconds, 1, async (_w, i) => {
        await store.append(`mailbox-${run}-${i}`, Array.from({ length: 100 }, routed));
        return 100;
      }),
    ),
  ];
  figures.push(figure('read global log and decode', await readThroughput(store, seconds)));
  // What a single-event append is held against: one row, one statement, autocommit.
  for (const writers of [1, 32]) {
    const rate = await rawOneRowRate(db, seconds, writers);
    figures.push(
      figure(`raw one-row INSERT, autocommit, ${writers} writer${writers > 1 ? 's' : ''}`, rate),
    );
  }
  const ceiling = await rawInsertRate(db, seconds);
  figures.push(figure('raw multi-row INSERT, 100 rows (ceiling)', ceiling));
  figures.push(...(await chainingFigures(engine, store, db, seconds)));
  return { figures, ceiling };
};

/** Reads the whole log in batches of 1,000 from the start, again and again, for `seconds`. */
const readThroughput = async (store: EventStore, seconds: number): Promise<number> => {
  let after = { transactionId: 0, globalPosition: 0 };
  return measureRate(seconds, 1, async () => {
    let batch = await store.readAll({ after, batchSize: 1000 });
    if (batch.length === 0) {
      after = { transactionId: 0, globalPosition: 0 };
      batch = await store.readAll({ after, batchSize: 1000 });
    }
    const last = batch[batch.length - 1]!;
    after = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    return batch.length;
  });
};

/**
 * The same rows as the store writes, inserted by one plain multi-row INSERT of 100 rows into a
 * table of the same shape, with no version check, idempotency or notification: what the
 * database itself can do, to which the store's figures are compared.
 */
const rawInsertRate = async (db: Database, seconds: number): Promise<number> => {
  await db.query('create table if not exists raw_events (like events including all)');
  const columns =
    'event_id, stream_id, stream_category, stream_version, event_type, schema_version, data, metadata';
  return measureRate(seconds, 1, async (_w, i) => {
    const params: unknown[] = [];
    const rows = Array.from({ length: 100 }, (_, r) => {
      const event = routed();
      params.push(
        randomUUID(),
        `raw-${i}`,
        'raw',
        r + 1,
        event.type,
        1,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      const base = r * 8;
      return `(${Array.from({ length: 8 }, (_, c) => `$${base + c + 1}`).join(', ')})`;
    });
    await db.query(`insert into raw_events (${columns}) values ${rows.join(', ')}`, params);
    return 100;
  });
};

/** The same row as a single-event append writes, by a plain INSERT in autocommit. */
const rawOneRowRate = async (db: Database, seconds: number, writers: number): Promise<number> => {
  await db.query('create table if not exists raw_events (like events including all)');
  return measureRate(seconds, writers, async (w, i) => {
    const event = routed();
    await db.query(
      `insert into raw_events (event_id, stream_id, stream_category, stream_version, event_type,
                               schema_version, data, metadata)
       values ($1, $2, 'raw', 1, $3, 1, $4, $5)`,
      [
        randomUUID(),
        `raw-one-${writers}-${w}-${i}`,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      ],
    );
    return 1;
  });
};
