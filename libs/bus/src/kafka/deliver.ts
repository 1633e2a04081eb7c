import type { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { categoryOf, type Database, type RecordedEvent } from '@digital-post/event-store';
import type { ConsumerOptions } from '../bus.ts';
import { processOnce } from '../idempotentConsumer.ts';
import { Backoff, type BackoffOptions } from '../backoff.ts';
import { headerNames, readEnvelope, toRecordedEvent, type EventDataCodec } from './envelope.ts';
import { inConsumeSpan } from '../consumeSpan.ts';
import type { PendingTimes } from './lagOnKafka.ts';

export interface DeliveryContext {
  db: Database;
  /** Told of each message before it is handled, and when a fetch is handled to its end. */
  pending: PendingTimes;
  registry: EventDataCodec;
  consumer: ConsumerOptions;
  handlerBackoff: BackoffOptions;
}

/**
 * Handles one fetched batch of one partition, in offset order. Each event is handled in its own
 * transaction of the consumer's database with its id and its offset; Kafka's committed offset
 * follows only after those commits, so a consumer killed mid-batch gets the batch again and the
 * recorded ids drop what it had already done.
 */
export const deliverBatch = async (payload: EachBatchPayload, context: DeliveryContext) => {
  const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
  const source = `kafka:${batch.topic}:${batch.partition}`;
  let lastDone: string | undefined;
  for (const message of batch.messages) {
    if (!isRunning() || isStale()) break;
    context.pending.next(batch.topic, batch.partition, message.timestamp);
    const done = await withRetries(payload, context, () => deliver(message, source, context));
    if (!done) break;
    resolveOffset(message.offset);
    lastDone = message.offset;
    await heartbeat();
  }
  if (lastDone === batch.lastOffset()) context.pending.done(batch.topic, batch.partition);
  if (lastDone === undefined) return;
  const offset = (BigInt(lastDone) + 1n).toString(); // Kafka commits the next offset to read
  await payload.commitOffsetsIfNecessary({
    topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
  });
};

/**
 * A failing event is retried in place, with backoff, rather than skipped: skipping would lose it
 * and moving on would break the stream's order. Gives up only when the consumer stops or loses
 * the partition, leaving the event to whoever gets it next.
 */
const withRetries = async (
  { heartbeat, isRunning, isStale }: EachBatchPayload,
  { consumer, handlerBackoff }: DeliveryContext,
  attempt: () => Promise<void>,
): Promise<boolean> => {
  const backoff = new Backoff(handlerBackoff);
  for (;;) {
    try {
      await attempt();
      return true;
    } catch (error) {
      consumer.onError?.(error);
      backoff.failed();
    }
    while (backoff.waiting) {
      if (!isRunning() || isStale()) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await heartbeat();
    }
  }
};

const deliver = async (message: KafkaMessage, source: string, context: DeliveryContext) => {
  const { db, registry, consumer } = context;
  const type = header(message.headers, headerNames.eventType);
  if (type !== undefined && !wanted(type, consumer, registry)) return;
  const envelope = readEnvelope(message.value ?? Buffer.alloc(0));
  if (!wanted(envelope.eventType, consumer, registry)) return;
  if (consumer.categories && !consumer.categories.includes(categoryOf(envelope.streamId))) return;
  const event = toRecordedEvent(envelope, registry);
  await traced(message, event, () =>
    processOnce(db, consumer.groupId, event, consumer.handle, {
      source,
      checkpoint: message.offset,
    }),
  );
};

/**
 * The types asked for; with none named, every type this process has a contract for. A type it
 * has no contract for cannot be read, and a consumer that named no types does not depend on it.
 */
const wanted = (type: string, { eventTypes }: ConsumerOptions, registry: EventDataCodec) =>
  eventTypes ? eventTypes.includes(type) : registry.hasType(type);

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/** The consume span continues the trace carried in the headers, else in the event's metadata. */
const traced = (message: KafkaMessage, event: RecordedEvent, work: () => Promise<unknown>) =>
  inConsumeSpan(
    event,
    { 'messaging.system': 'kafka', 'messaging.kafka.offset': message.offset },
    work,
    {
      traceparent: header(message.headers, headerNames.traceparent) ?? event.metadata.traceparent,
      tracestate: header(message.headers, headerNames.tracestate) ?? event.metadata.tracestate,
    },
  );
