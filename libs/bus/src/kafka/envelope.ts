import avro from 'avsc';
import type { IHeaders, Message } from 'kafkajs';
import type { EventMetadata, RecordedEvent } from '@digital-post/event-store';

/**
 * How a recorded event travels on Kafka. The value is an Avro envelope: the event's place in the
 * store (stream, versions, log position), its metadata, and its data as Avro bytes written with
 * the contract's schema for the event's type and version. Type, version and id are repeated as
 * headers so consumers and tools can route and filter without decoding.
 */
export const ENVELOPE_VERSION = 1;

const optionalString = ['null', 'string'];

export const envelopeSchema = {
  type: 'record',
  name: 'EventEnvelope',
  namespace: 'dk.digitalpost.bus',
  fields: [
    { name: 'eventId', type: 'string' },
    { name: 'eventType', type: 'string' },
    { name: 'schemaVersion', type: 'int' },
    { name: 'streamId', type: 'string' },
    { name: 'streamVersion', type: 'long' },
    { name: 'globalPosition', type: 'long' },
    { name: 'transactionId', type: 'long' },
    { name: 'recordedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    {
      name: 'metadata',
      type: {
        type: 'record',
        name: 'EventMetadata',
        fields: [
          { name: 'correlationId', type: optionalString, default: null },
          { name: 'causationId', type: optionalString, default: null },
          {
            name: 'actor',
            default: null,
            type: [
              'null',
              {
                type: 'record',
                name: 'Actor',
                fields: [
                  { name: 'kind', type: 'string' },
                  { name: 'id', type: 'string' },
                  { name: 'onBehalfOf', type: optionalString, default: null },
                  { name: 'client', type: optionalString, default: null },
                ],
              },
            ],
          },
          { name: 'traceparent', type: optionalString, default: null },
          { name: 'tracestate', type: optionalString, default: null },
        ],
      },
    },
    {
      name: 'data',
      type: 'bytes',
      doc: 'Avro, written with the contract of eventType/schemaVersion',
    },
  ],
} as const;

// Plain objects out (no record classes), null for absent optionals: decoded events are data.
const envelopeType = avro.Type.forSchema(envelopeSchema as unknown as avro.Schema, {
  wrapUnions: 'never',
  omitRecordMethods: true,
});

export const headerNames = {
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  eventId: 'event-id',
  envelopeVersion: 'envelope-version',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Writes and reads event data; the contract registry of `@digital-post/contracts` is one. */
export interface EventDataCodec {
  encode(type: string, version: number, data: unknown): Buffer;
  decode(type: string, writerVersion: number, bytes: Buffer): unknown;
  has(type: string, version: number): boolean;
  hasType(type: string): boolean;
  latest(type: string): { version: number };
}

/** The Kafka message of one event: keyed by stream, so a stream's events stay in order. */
export const toKafkaMessage = (event: RecordedEvent, codec: EventDataCodec): Message => {
  const metadata = event.metadata ?? {};
  const value = envelopeType.toBuffer({
    eventId: event.id,
    eventType: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    transactionId: event.transactionId,
    recordedAt: event.recordedAt.getTime(),
    metadata: {
      correlationId: metadata.correlationId ?? null,
      causationId: metadata.causationId ?? null,
      actor: metadata.actor ? actorRecord(metadata.actor) : null,
      traceparent: metadata.traceparent ?? null,
      tracestate: metadata.tracestate ?? null,
    },
    data: codec.encode(event.type, event.schemaVersion, event.data),
  });
  return {
    key: event.streamId,
    value,
    timestamp: String(event.recordedAt.getTime()),
    headers: eventHeaders(event),
  };
};

const actorRecord = (actor: NonNullable<EventMetadata['actor']>) => ({
  kind: actor.kind,
  id: actor.id,
  onBehalfOf: actor.onBehalfOf ?? null,
  client: actor.client ?? null,
});

const eventHeaders = (event: RecordedEvent): IHeaders => {
  const headers: IHeaders = {
    [headerNames.eventType]: event.type,
    [headerNames.schemaVersion]: String(event.schemaVersion),
    [headerNames.eventId]: event.id,
    [headerNames.envelopeVersion]: String(ENVELOPE_VERSION),
  };
  if (event.metadata?.traceparent) headers[headerNames.traceparent] = event.metadata.traceparent;
  if (event.metadata?.tracestate) headers[headerNames.tracestate] = event.metadata.tracestate;
  return headers;
};

interface Envelope {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  transactionId: number;
  recordedAt: number;
  metadata: Record<string, unknown> & { actor: Record<string, unknown> | null };
  data: Buffer;
}

/** The envelope alone, data still as the writer's bytes: enough to filter and deduplicate. */
export const readEnvelope = (value: Buffer): Envelope => envelopeType.fromBuffer(value) as Envelope;

/** The recorded event again, its data read as the newest version this process knows. */
export const toRecordedEvent = (envelope: Envelope, codec: EventDataCodec): RecordedEvent => ({
  id: envelope.eventId,
  type: envelope.eventType,
  schemaVersion: codec.latest(envelope.eventType).version,
  data: codec.decode(envelope.eventType, envelope.schemaVersion, envelope.data),
  metadata: withoutNulls(envelope.metadata) as EventMetadata,
  streamId: envelope.streamId,
  streamVersion: envelope.streamVersion,
  globalPosition: envelope.globalPosition,
  transactionId: envelope.transactionId,
  recordedAt: new Date(envelope.recordedAt),
});

/** Avro needs every field; the store's metadata simply leaves absent ones out. */
const withoutNulls = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(record)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [
        key,
        typeof value === 'object' ? withoutNulls(value as Record<string, unknown>) : value,
      ]),
  );
