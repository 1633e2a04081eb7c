import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { Database, EventStore, NewEvent } from '@digital-post/event-store';
import type { ConsumerOptions, EventBus, RunningConsumer } from '../index.ts';

/**
 * What every adapter of the bus port must do, whatever carries the events. Producing is
 * appending to the store: the adapter gets it from there (directly, or through the relay).
 */
export interface BusUnderTest {
  store: EventStore;
  /** The consumers' own database, where their side effects and bookkeeping live. */
  db: Database;
  bus: EventBus;
  /** Events must be of types the adapter can carry (the Kafka adapter needs their contracts). */
  event(n: number, type?: 'routed' | 'delivered'): NewEvent;
  dispose(): Promise<void>;
}

export const busContract = (name: string, open: () => Promise<BusUnderTest>): void => {
  describe(`bus contract on ${name}`, () => {
    let sut: BusUnderTest;
    let consumers: RunningConsumer[];
    beforeEach(async () => {
      sut = await open();
      consumers = [];
      await sut.db.query(
        'create table if not exists effects (grp text, stream text, n int, primary key (grp, n))',
      );
    });
    afterEach(async () => {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await sut.dispose();
    });

    const consume = async (groupId: string, extra: Partial<ConsumerOptions> = {}) => {
      const consumer = await sut.bus.consume({
        groupId,
        categories: ['message'],
        handle: async (event, tx) => {
          const { n } = event.data as { n: number };
          // Primary key (grp, n): a side effect applied twice fails the transaction loudly.
          await tx.query('insert into effects values ($1, $2, $3)', [groupId, event.streamId, n]);
        },
        onError: () => undefined,
        ...extra,
      });
      consumers.push(consumer);
      return consumer;
    };
    const effects = async (groupId: string) =>
      (
        await sut.db.query<{ n: number; stream: string }>(
          'select n, stream from effects where grp = $1 order by n',
          [groupId],
        )
      ).map((row) => row.n);
    const effectsReach = (groupId: string, count: number) =>
      waitFor(async () => (await effects(groupId)).length >= count, {
        timeoutMs: 60_000,
        message: `${count} side effects of ${groupId}`,
      });
    const appendMany = async (from: number, to: number, streams = 3) => {
      for (let n = from; n <= to; n++) {
        await sut.store.append(`message-${n % streams}`, [sut.event(n)]);
      }
    };

    it('delivers every event once to each group, in order within a stream', async () => {
      const order: number[] = [];
      await consume('routing', {
        handle: async (event, tx) => {
          const { n } = event.data as { n: number };
          if (event.streamId === 'message-1') order.push(n);
          await tx.query('insert into effects values ($1, $2, $3)', ['routing', event.streamId, n]);
        },
      });
      await consume('mailbox');
      await appendMany(1, 30);
      await effectsReach('routing', 30);
      await effectsReach('mailbox', 30);
      expect(await effects('routing')).toEqual(range(1, 30));
      expect(await effects('mailbox')).toEqual(range(1, 30));
      expect(order).toEqual(range(1, 30).filter((n) => n % 3 === 1));
    });

    it('answers a readiness ping', async () => {
      await expect(sut.bus.ping()).resolves.toBeUndefined();
    });

    it('reports the health of each consumer it started, until it is stopped', async () => {
      const mailbox = await consume('mailbox');
      // On Kafka it may still be joining its group; it runs once the group has taken it in.
      await waitFor(() => mailbox.health().state === 'running', { message: 'running' });
      expect(mailbox.health()).toEqual({ groupId: 'mailbox', state: 'running' });
      expect(sut.bus.health()).toEqual([{ groupId: 'mailbox', state: 'running' }]);
      await mailbox.stop();
      expect(sut.bus.health()).toEqual([]);
    });

    it('tells how far behind a consumer is, and when the oldest waiting event was committed', async () => {
      await appendMany(1, 5, 1);
      const [first] = await sut.store.readStream('message-0');
      let failing = true;
      const consumer = await consume('mailbox', {
        handle: async (event, tx) => {
          if (failing) throw new Error('not yet');
          const { n } = event.data as { n: number };
          await tx.query('insert into effects values ($1, $2, $3)', ['mailbox', event.streamId, n]);
        },
      });
      const behind = await waitFor(async () => {
        const lag = await consumer.lag();
        return lag.events === 5 && lag.oldestRecordedAt !== null && lag;
      });
      expect(behind).toEqual({
        groupId: 'mailbox',
        events: 5,
        oldestRecordedAt: first!.recordedAt,
      });
      failing = false;
      await waitFor(async () => {
        const [lag] = await sut.bus.lag();
        return lag?.events === 0 && lag.oldestRecordedAt === null;
      });
    });

    it('passes only the event types asked for', async () => {
      await consume('notification', { eventTypes: [sut.event(0, 'delivered').type] });
      await sut.store.append('message-1', [sut.event(1, 'routed'), sut.event(2, 'delivered')]);
      await sut.store.append('message-2', [sut.event(3, 'delivered')]);
      await effectsReach('notification', 2);
      expect(await effects('notification')).toEqual([2, 3]);
    });

    it('resumes after a restart without losing or repeating an effect', async () => {
      const first = await consume('mailbox');
      await appendMany(1, 10);
      await effectsReach('mailbox', 10);
      await first.stop();
      await appendMany(11, 20);
      await consume('mailbox');
      await effectsReach('mailbox', 20);
      expect(await effects('mailbox')).toEqual(range(1, 20));
    });

    it('retries an event whose handler failed, rolling back its partial writes', async () => {
      let failuresLeft = 2;
      await consume('mailbox', {
        handle: async (event, tx) => {
          const { n } = event.data as { n: number };
          await tx.query('insert into effects values ($1, $2, $3)', ['mailbox', event.streamId, n]);
          if (n === 5 && failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('mailbox projection crashed');
          }
        },
      });
      await appendMany(1, 10);
      await effectsReach('mailbox', 10);
      expect(await effects('mailbox')).toEqual(range(1, 10));
      expect(failuresLeft).toBe(0);
    });

    it('hands a batch consumer every new event once, in order, retrying a failed batch whole', async () => {
      let failuresLeft = 1;
      const seen: number[] = [];
      await consume('status', {
        handle: undefined,
        handleBatch: async (events, tx) => {
          for (const event of events) {
            const { n } = event.data as { n: number };
            await tx.query('insert into effects values ($1, $2, $3)', [
              'status',
              event.streamId,
              n,
            ]);
            if (n === 7 && failuresLeft-- > 0) throw new Error('status projection crashed');
          }
          seen.push(...events.map((event) => (event.data as { n: number }).n));
        },
      });
      await appendMany(1, 20, 1);
      await effectsReach('status', 20);
      expect(await effects('status')).toEqual(range(1, 20));
      // Whatever batches the events came in, each new one was handed over once, in order.
      expect(seen).toEqual(range(1, 20));
    });
  });
};

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
