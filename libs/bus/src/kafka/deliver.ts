import type { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { categoryOf, type Database, type RecordedEvent } from '@digital-post/event-store';
import type { ConsumerOptions } from '../bus.ts';
import { handleOnce, type BatchHandler } from '../idempotentConsumer.ts';
import { Backoff, type BackoffOptions } from '../backoff.ts';
import { headerNames, readEnvelope, toRecordedEvent, type EventDataCodec } from './envelope.ts';
import type { PendingTimes } from './lagOnKafka.ts';
import { assertFollows, OffsetGap, saveFollowed, type FoundGaps } from './offsetGaps.ts';

export interface DeliveryContext {
  db: Database;
  /** Told of each message before it is handled, and when a fetch is handled to its end. */
  pending: PendingTimes;
  registry: EventDataCodec;
  consumer: ConsumerOptions;
  /** The consumer's handler for a batch of new events (`batchHandlerOf`). */
  handle: BatchHandler;
  handlerBackoff: BackoffOptions;
  /** Where a partition's missing offsets are told, which stalls the consumer. */
  gaps: FoundGaps;
}

/**
 * Handles one fetched batch of one partition, in offset order: first whole, in one transaction of
 * the consumer's database with the events' ids and the last offset; should that fail, one event
 * per transaction with retries, so the events before a failing one are done. Kafka's committed
 * offset follows only after those commits, so a consumer killed mid-batch gets the batch again and
 * the recorded ids drop what it had already done.
 *
 * A batch that does not follow the last one handled (its first offsets were gone when the
 * consumer came to them) is not handled: the partition is paused and the gap told, so the
 * consumer stalls there, unready, instead of moving past events it never saw.
 */
export const deliverBatch = async (payload: EachBatchPayload, context: DeliveryContext) => {
  const { batch, isRunning, isStale } = payload;
  if (batch.messages.length === 0 || !isRunning() || isStale()) return;
  context.pending.next(batch.topic, batch.partition, batch.messages[0]!.timestamp);
  try {
    if (await deliverWhole(payload, context)) return done(payload, context, batch.lastOffset());
    await deliverEach(payload, context);
  } catch (error) {
    if (!(error instanceof OffsetGap)) throw error;
    payload.pause();
    context.gaps.found(error);
    context.consumer.onError?.(error);
  }
};

const deliverWhole = async (payload: EachBatchPayload, context: DeliveryContext) => {
  const { batch } = payload;
  try {
    const events = batch.messages.flatMap((message) => eventOf(message, context) ?? []);
    const first = batch.messages[0]!.offset;
    await handleInOrder(context, sourceOf(payload), events, first, batch.lastOffset());
    return true;
  } catch (error) {
    if (error instanceof OffsetGap) throw error;
    context.consumer.onError?.(error);
    return false;
  }
};

/**
 * In one transaction: checks that the offsets follow those handled, hands on the events not
 * handled before, and saves the last offset (also when no event was wanted, so the next batch
 * can be checked against it).
 */
const handleInOrder = (
  context: DeliveryContext,
  source: string,
  events: RecordedEvent[],
  first: string,
  last: string,
) =>
  context.db.transaction(async (tx) => {
    const { groupId } = context.consumer;
    await assertFollows(tx, groupId, source, first);
    await handleOnce(tx, groupId, events, context.handle);
    await saveFollowed(tx, groupId, source, last);
  });

const deliverEach = async (payload: EachBatchPayload, context: DeliveryContext) => {
  const { batch, heartbeat, isRunning, isStale } = payload;
  let lastDone: string | undefined;
  for (const message of batch.messages) {
    if (!isRunning() || isStale()) break;
    context.pending.next(batch.topic, batch.partition, message.timestamp);
    const delivered = await withRetries(payload, context, () =>
      deliver(message, sourceOf(payload), context),
    );
    if (!delivered) break;
    lastDone = message.offset;
    await heartbeat();
  }
  if (lastDone !== undefined) await done(payload, context, lastDone);
};

/** Everything up to `offset` is handled: Kafka is told, and the lag has nothing pending there. */
const done = async (payload: EachBatchPayload, context: DeliveryContext, offset: string) => {
  const { batch, resolveOffset, heartbeat } = payload;
  resolveOffset(offset);
  if (offset === batch.lastOffset()) context.pending.done(batch.topic, batch.partition);
  const next = (BigInt(offset) + 1n).toString(); // Kafka commits the next offset to read
  await payload.commitOffsetsIfNecessary({
    topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
  });
  await heartbeat();
};

const sourceOf = ({ batch }: EachBatchPayload) => `kafka:${batch.topic}:${batch.partition}`;

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
      if (error instanceof OffsetGap) throw error; // no retry brings the offsets back
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

/** The event a message carries, when the consumer wants it. */
const eventOf = (message: KafkaMessage, context: DeliveryContext): RecordedEvent | undefined => {
  const { registry, consumer } = context;
  const type = header(message.headers, headerNames.eventType);
  if (type !== undefined && !wanted(type, consumer, registry)) return undefined;
  const envelope = readEnvelope(message.value ?? Buffer.alloc(0));
  if (!wanted(envelope.eventType, consumer, registry)) return undefined;
  if (consumer.categories && !consumer.categories.includes(categoryOf(envelope.streamId))) {
    return undefined;
  }
  return toRecordedEvent(envelope, registry);
};

const deliver = async (message: KafkaMessage, source: string, context: DeliveryContext) => {
  const event = eventOf(message, context);
  await handleInOrder(context, source, event ? [event] : [], message.offset, message.offset);
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
