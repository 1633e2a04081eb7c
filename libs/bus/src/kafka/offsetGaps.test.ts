import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { RecordedEvent } from '@digital-post/event-store';
import type { RunningConsumer } from '../bus.ts';
import { createEffectsTable, effectCounts, recordEffect } from '../testing/effects.ts';
import { quietKafka, startKafkaFixture, type KafkaFixture } from '../testing/kafkaFixture.ts';
import { testRegistry } from '../testing/testContracts.ts';
import { toKafkaMessage } from './envelope.ts';

/**
 * A partition's retention can drop messages a lagging group has not read; Kafka then resumes the
 * group at the oldest message it still holds. The peer keeps at most 5 MiB per partition, so a
 * few MiB written while the group is stopped take its next offsets away.
 */
const groupId = 'behind';
const padding = Buffer.alloc(10 * 1024, 'x'); // ten KiB a message: 600 overrun 5 MiB

const routedOn = (n: number): RecordedEvent => ({
  id: randomUUID(),
  type: 'TestMessageRouted',
  schemaVersion: 1,
  data: { n },
  metadata: {},
  streamId: 'message-gap',
  streamVersion: n,
  globalPosition: n,
  transactionId: 1,
  recordedAt: new Date(),
});

describe('a Kafka consumer whose next offsets are gone', () => {
  let fixture: KafkaFixture;
  let consumer: RunningConsumer | undefined;
  afterEach(async () => {
    await consumer?.stop();
    await fixture?.dispose();
  });

  const produce = async (topic: string, from: number, to: number, pad = false) => {
    const kafka = new Kafka({ brokers: fixture.mock.bootstrapServers, ...quietKafka });
    const producer = kafka.producer();
    await producer.connect();
    for (let n = from; n <= to; n += 50) {
      const last = Math.min(to, n + 49);
      const messages = Array.from({ length: last - n + 1 }, (_, i) => {
        const message = toKafkaMessage(routedOn(n + i), testRegistry());
        return { ...message, partition: 0, headers: pad ? { ...message.headers, padding } : {} };
      });
      await producer.send({ topic, messages });
    }
    await producer.disconnect();
  };
  const consume = async () => {
    consumer = await fixture.bus.consume({
      groupId,
      categories: ['message'],
      handle: recordEffect(groupId),
      onError: () => undefined,
    });
    return consumer;
  };
  const effectsReach = (distinct: number) =>
    waitFor(async () => (await effectCounts(fixture.consumerDb, groupId)).distinct === distinct, {
      timeoutMs: 60_000,
      message: `${distinct} effects`,
    });
  const lowWatermark = async (topic: string) => {
    const admin = new Kafka({ brokers: fixture.mock.bootstrapServers, ...quietKafka }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return Number(offsets.find((each) => each.partition === 0)!.low);
  };

  /** A group that handled the topic's first three messages and stopped; answers the topic. */
  const threeHandledThenStopped = async () => {
    fixture = await startKafkaFixture({ relay: false });
    await createEffectsTable(fixture.consumerDb);
    const topic = fixture.plan.topicFor('message');
    await produce(topic, 1, 3);
    await consume();
    await effectsReach(3);
    await consumer!.stop();
    return topic;
  };

  it('stalls there, unready and naming the offsets, and handles nothing beyond them', async () => {
    const topic = await threeHandledThenStopped();

    await produce(topic, 4, 700, true);
    const low = await lowWatermark(topic);
    expect(low).toBeGreaterThan(3); // offsets 3 (the fourth message) and on are gone

    const resumed = await consume();
    const health = await waitFor(() => resumed.health().state === 'stalled' && resumed.health(), {
      timeoutMs: 60_000,
      message: 'the consumer stalled',
    });
    expect(health.reason).toBe(
      `kafka:${topic}:0: offsets 3 to ${low - 1} were gone before this consumer read them`,
    );
    expect(await effectCounts(fixture.consumerDb, groupId)).toEqual({ total: 3, distinct: 3 });
    const [saved] = await fixture.consumerDb.query<{ checkpoint: string }>(
      `select checkpoint from bus_checkpoints where consumer_group = $1`,
      [groupId],
    );
    expect(saved?.checkpoint).toBe('2');
  });

  it('trusts once an offset an older release saved, which skipped batches it did not want', async () => {
    const topic = await threeHandledThenStopped();
    // As an older release left it: Kafka's committed offset past the saved one.
    await fixture.consumerDb.query(
      `update bus_checkpoints set checkpoint = '0', follows = false where consumer_group = $1`,
      [groupId],
    );

    await produce(topic, 4, 6);
    const resumed = await consume();
    await effectsReach(6);
    expect(resumed.health().state).toBe('running');
    const [saved] = await fixture.consumerDb.query<{ checkpoint: string; follows: boolean }>(
      `select checkpoint, follows from bus_checkpoints where consumer_group = $1`,
      [groupId],
    );
    expect(saved).toEqual({ checkpoint: '5', follows: true });
  });
});
