import type { RecordedEvent } from '@digital-post/event-store';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  createTraceState,
  isSpanContextValid,
  trace,
  type Context,
  type Link,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * W3C trace context carried by events (metadata) and Kafka messages (headers). Parsed here, not
 * through the global propagator, so a trace continues across the bus whatever propagators the
 * process registered.
 */
const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export const spanContextOf = (
  traceparent: string | undefined,
  tracestate?: string,
): SpanContext | undefined => {
  const match = traceparentPattern.exec(traceparent?.trim() ?? '');
  if (!match || match[1] === 'ff') return undefined;
  const spanContext: SpanContext = {
    traceId: match[2]!,
    spanId: match[3]!,
    traceFlags: parseInt(match[4]!, 16) & 1,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
};

/** The context to start a consumer's span in: the producer's trace when the message carries one. */
export const contextFromTraceparent = (traceparent?: string, tracestate?: string): Context => {
  const spanContext = spanContextOf(traceparent, tracestate);
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
};

/** A batch spans many traces: the publish span links to each event's trace. */
export const linksOf = (
  contexts: Array<{ traceparent?: string; tracestate?: string } | undefined>,
): Link[] =>
  contexts.flatMap((metadata) => {
    const context = spanContextOf(metadata?.traceparent, metadata?.tracestate);
    return context ? [{ context }] : [];
  });

const tracer = trace.getTracer('digital-post');

/**
 * Runs a consumer's handling of one event in a span that continues the trace of the request that
 * caused the event, whichever adapter delivered it.
 */
export const inConsumeSpan = <T>(
  event: RecordedEvent,
  attributes: Attributes,
  work: () => Promise<T>,
  carried: { traceparent?: string; tracestate?: string } = event.metadata,
): Promise<T> =>
  tracer.startActiveSpan(
    `consume ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...attributes,
        'messaging.operation.type': 'process',
        'digitalpost.event.type': event.type,
        'digitalpost.event.id': event.id,
      },
    },
    contextFromTraceparent(carried.traceparent, carried.tracestate),
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
