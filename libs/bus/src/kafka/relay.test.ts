import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Kafka, type KafkaMessage } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { RecordedEvent } from '@digital-post/event-store';
import type { RunningConsumer } from '../bus.ts';
import { readEnvelope } from './envelope.ts';
import { quietKafka, startKafkaFixture, type KafkaFixture } from '../testing/kafkaFixture.ts';
import { delivered, routed, testRegistry } from '../testing/testContracts.ts';

/** What the relay puts on Kafka, and what a consumer of the Kafka bus gets back from it. */
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const requestSpanId = '00f067aa0ba902b7';
const traceparent = `00-${traceId}-${requestSpanId}-01`;
const actor = { kind: 'authority-system', id: 'skat', client: 'sender-api' };

describe('Kafka relay and bus', () => {
  const spans = new InMemorySpanExporter();
  let fixture: KafkaFixture;
  const consumers: RunningConsumer[] = [];
  beforeAll(() => {
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(() => trace.disable());
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await fixture?.dispose();
  });

  /** Reads raw messages, as any Kafka client would, by topic. */
  const readTopics = async (topics: string[], count: number) => {
    const kafka = new Kafka({
      clientId: 'reader',
      brokers: fixture.mock.bootstrapServers,
      ...quietKafka,
    });
    const reader = kafka.consumer({ groupId: 'reader', maxWaitTimeInMs: 250 });
    const byTopic = new Map<string, KafkaMessage[]>(topics.map((topic) => [topic, []]));
    await reader.connect();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => void byTopic.get(topic)!.push(message),
    });
    await waitFor(() => [...byTopic.values()].flat().length >= count, {
      message: `${count} messages`,
    });
    await reader.disconnect();
    return byTopic;
  };

  it('publishes to the category topic, keyed by stream, as an Avro envelope with headers', async () => {
    fixture = await startKafkaFixture();
    await fixture.store.append('message-7', [
      { ...routed(1), metadata: { traceparent, actor, correlationId: 'c-1' } },
    ]);
    await fixture.store.append('enrollment-3', [delivered(2)]);
    await fixture.store.append('scratch-1', [delivered(3)]); // no topic: stays in the store
    await fixture.relay!.caughtUp();

    const topics = await readTopics(['digitalpost.message', 'digitalpost.enrollment'], 2);
    const [message] = topics.get('digitalpost.message')!;
    expect(message!.key!.toString()).toBe('message-7');
    const headers = Object.fromEntries(
      Object.entries(message!.headers!).map(([name, value]) => [name, String(value)]),
    );
    expect(headers).toMatchObject({
      'event-type': 'TestMessageRouted',
      'schema-version': '1',
      traceparent,
    });
    const envelope = readEnvelope(message!.value!);
    expect(envelope).toMatchObject({
      eventId: headers['event-id'],
      streamId: 'message-7',
      streamVersion: 1,
      metadata: { actor: { ...actor, onBehalfOf: null }, correlationId: 'c-1', traceparent },
    });
    expect(testRegistry().decode('TestMessageRouted', 1, envelope.data, 1)).toEqual({ n: 1 });
    const [enrollment] = topics.get('digitalpost.enrollment')!;
    expect(readEnvelope(enrollment!.value!).streamId).toBe('enrollment-3');
  });

  it('hands consumers the data as the newest contract version, in the trace of the request', async () => {
    fixture = await startKafkaFixture();
    const received: RecordedEvent[] = [];
    consumers.push(
      await fixture.bus.consume({
        groupId: 'mailbox',
        categories: ['message'],
        handle: async (event) => void received.push(event),
      }),
    );
    await fixture.store.append('message-1', [{ ...routed(5), metadata: { traceparent, actor } }]);
    await waitFor(() => received.length === 1);

    const [stored] = await fixture.store.readStream('message-1');
    expect(received[0]).toEqual({
      ...stored,
      schemaVersion: 2,
      data: { n: 5, routerRelease: 'before-v2' },
    });
    // The consume span ends after the handler, once its transaction commits: wait for it.
    const consumeSpan = await waitFor(() =>
      spans
        .getFinishedSpans()
        .find(
          (span) =>
            span.name.startsWith('consume ') && span.attributes['messaging.system'] === 'kafka',
        ),
    );
    expect(consumeSpan?.spanContext().traceId).toBe(traceId);
    expect(consumeSpan?.parentSpanContext?.spanId).toBe(requestSpanId);
    const publishSpan = spans
      .getFinishedSpans()
      .find((span) => span.name === 'kafka-relay publish');
    expect(publishSpan?.links.map((link) => link.context.spanId)).toContain(requestSpanId);
  });

  it('resumes a restarted consumer from its committed offset, not by re-reading', async () => {
    fixture = await startKafkaFixture();
    const seen: number[] = [];
    const consume = () =>
      fixture.bus.consume({
        groupId: 'enrollment',
        categories: ['message'],
        handle: async (event) => void seen.push((event.data as { n: number }).n),
      });
    const first = await consume();
    for (let n = 1; n <= 10; n++) await fixture.store.append(`message-${n % 3}`, [routed(n)]);
    await waitFor(() => seen.length === 10);
    await first.stop();
    // Forget the processed ids: a consumer that re-read from the start would now repeat effects.
    await fixture.consumerDb.query('delete from bus_processed_events');

    for (let n = 11; n <= 20; n++) await fixture.store.append(`message-${n % 3}`, [routed(n)]);
    consumers.push(await consume());
    // Every partition is read to its end (the last event of each stream is among the new ones).
    await waitFor(() => [18, 19, 20].every((n) => seen.includes(n)));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
