import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaMock, waitFor, type KafkaMock } from '@digital-post/testing';
import { testGroupTimeouts } from '../testing/kafkaFixture.ts';

/**
 * The Kafka protocol peer (librdkafka's mock cluster) does what the bus needs from Kafka, with
 * kafkajs as the client: produce with acks from all replicas, group consume, committed offsets,
 * resume after reconnect, and sends retried across an outage.
 */
const topic = 'digitalpost.peer';

describe('Kafka protocol peer with kafkajs', () => {
  let mock: KafkaMock;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    mock = await startKafkaMock({ topics: [{ name: topic, partitions: 3 }] });
    kafka = new Kafka({
      clientId: 'peer-test',
      brokers: mock.bootstrapServers,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 30 },
    });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await mock?.stop();
  });

  const send = (values: string[]) =>
    producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: value, value })) });

  const consume = async (groupId: string, seen: string[]): Promise<Consumer> => {
    const consumer = kafka.consumer({
      groupId,
      ...testGroupTimeouts,
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
      },
    });
    return consumer;
  };

  it('delivers produced messages to a consumer group', async () => {
    await send(['a1', 'a2', 'a3']);
    const seen: string[] = [];
    const consumer = await consume('peer-delivery', seen);
    await waitFor(() => seen.length >= 3, { message: 'three messages' });
    await consumer.disconnect();
    expect(seen.sort()).toEqual(['a1', 'a2', 'a3']);
  });

  it('resumes a restarted consumer from its committed offset', async () => {
    const before: string[] = [];
    const first = await consume('peer-resume', before);
    await waitFor(() => before.length >= 3, { message: 'earlier messages' });
    await first.disconnect(); // commits what it consumed

    await send(['b1', 'b2']);
    const after: string[] = [];
    const second = await consume('peer-resume', after);
    await waitFor(() => after.includes('b1') && after.includes('b2'), { message: 'new messages' });
    await second.disconnect();
    expect(after.filter((value) => value.startsWith('a'))).toEqual([]);
  });

  it('keeps retried sends across a broker outage', async () => {
    await mock.brokersDown();
    const sending = send(['c1', 'c2', 'c3']);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the send fail and retry
    await mock.brokersUp();
    await sending;

    const seen: string[] = [];
    const consumer = await consume('peer-outage', seen);
    await waitFor(() => ['c1', 'c2', 'c3'].every((value) => seen.includes(value)), {
      message: 'messages sent during the outage',
    });
    await consumer.disconnect();
  });
});
