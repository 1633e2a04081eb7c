import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@digital-post/event-store';
import { envelopeSchema, readEnvelope, toKafkaMessage, toRecordedEvent } from './envelope.ts';
import { testRegistry } from '../testing/testContracts.ts';

const event: RecordedEvent = {
  id: '0b7e0a43-7c55-4a5e-9d0a-3f6b1f0a2c11',
  type: 'TestMessageRouted',
  schemaVersion: 1,
  data: { n: 7 },
  metadata: {
    correlationId: 'request-1',
    actor: { kind: 'citizen', id: 'cpr-hash', onBehalfOf: 'mailbox-9', client: 'mit.dk' },
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  streamId: 'message-42',
  streamVersion: 3,
  globalPosition: 1234,
  transactionId: 987654,
  recordedAt: new Date('2025-03-01T09:30:00.123Z'),
};

describe('event envelope on Kafka', () => {
  const registry = testRegistry();

  it('round-trips an event, reading its data as the newest contract version', () => {
    const message = toKafkaMessage(event, registry);
    expect(message.key).toBe('message-42');
    expect(message.headers).toMatchObject({
      'event-type': 'TestMessageRouted',
      'schema-version': '1',
      'event-id': event.id,
      traceparent: event.metadata.traceparent,
    });
    const received = toRecordedEvent(readEnvelope(message.value as Buffer), registry);
    expect(received).toEqual({
      ...event,
      schemaVersion: 2,
      data: { n: 7, routerRelease: 'before-v2' },
    });
  });

  it('carries the data as Avro of the writer version, readable by that version alone', () => {
    const envelope = readEnvelope(toKafkaMessage(event, registry).value as Buffer);
    expect(registry.decode('TestMessageRouted', 1, envelope.data, 1)).toEqual({ n: 7 });
  });

  it('leaves absent metadata absent', () => {
    const bare = { ...event, metadata: {} };
    const envelope = readEnvelope(toKafkaMessage(bare, registry).value as Buffer);
    expect(toRecordedEvent(envelope, registry).metadata).toEqual({});
  });

  it('refuses data that breaks its contract, rather than publishing it', () => {
    expect(() => toKafkaMessage({ ...event, data: { n: 'seven' } }, registry)).toThrow();
  });

  it('is published for other tools as deploy/kafka/event-envelope.avsc', async () => {
    const file = new URL('../../../../deploy/kafka/event-envelope.avsc', import.meta.url);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(envelopeSchema);
  });
});
