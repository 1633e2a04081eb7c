import type { RecordedEvent } from '@digital-post/event-store';
import {
  contextFromTraceHeaders,
  withSpan,
  type TraceContextHeaders,
} from '@digital-post/telemetry';
import { SpanKind, trace, type Attributes } from '@opentelemetry/api';
import type { ConsumerOptions } from './bus.ts';
import type { BatchHandler } from './idempotentConsumer.ts';

/**
 * Runs a consumer's handling of one event in a span that continues the trace of the request that
 * caused the event, whichever adapter delivered it.
 */
export const inConsumeSpan = <T>(
  event: RecordedEvent,
  attributes: Attributes,
  work: () => Promise<T>,
  carried: TraceContextHeaders = event.metadata,
): Promise<T> =>
  withSpan(
    `consume ${event.type}`,
    {
      ...attributes,
      'messaging.operation.type': 'process',
      'digitalpost.event.type': event.type,
      'digitalpost.event.id': event.id,
    },
    work,
    { kind: SpanKind.CONSUMER, parent: contextFromTraceHeaders({ ...carried }) },
  );

/**
 * For the events of a batch, handled one by one inside its span: an event that carries the trace
 * of the request behind it gets a span continuing that trace, so the trace follows the letter
 * across services. One that carries none needs no span of its own (the batch's covers it), and
 * spans cost a mass sending dearly.
 */
export const inEventTrace = <T>(
  event: RecordedEvent,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> => (event.metadata.traceparent ? inConsumeSpan(event, attributes, work) : work());

/**
 * Runs a consumer's handling of a batch in one span linked to the trace of every event in it, as
 * OpenTelemetry's messaging conventions have it for batches: the batch has no one cause. A batch
 * of one continues its event's trace.
 */
export const inBatchSpan = <T>(
  events: RecordedEvent[],
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> => {
  if (events.length === 1) return inConsumeSpan(events[0]!, attributes, work);
  const links = events.flatMap((event) => {
    if (!event.metadata.traceparent) return [];
    const span = trace.getSpanContext(contextFromTraceHeaders({ ...event.metadata }));
    return span ? [{ context: span }] : [];
  });
  return withSpan(
    'consume batch',
    {
      ...attributes,
      'messaging.operation.type': 'process',
      'messaging.batch.message_count': events.length,
    },
    work,
    { kind: SpanKind.CONSUMER, links },
  );
};

/**
 * What the adapters call for a batch of new events: the consumer's own batch handler in one span,
 * or its `handle` for each event, each in its own span.
 */
export const batchHandlerOf = (options: ConsumerOptions, attributes: Attributes): BatchHandler => {
  const { handle, handleBatch } = options;
  if (handleBatch) {
    return (events, tx) => inBatchSpan(events, attributes, () => handleBatch(events, tx));
  }
  if (!handle) throw new TypeError(`consumer ${options.groupId} has no handler`);
  return async (events, tx) => {
    for (const event of events) await inConsumeSpan(event, attributes, () => handle(event, tx));
  };
};
