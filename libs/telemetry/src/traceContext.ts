import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Link,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Always W3C, whatever propagator the process registers globally: this format is what gets
 * stored in event metadata and Kafka headers, and those outlive any one deployment's settings.
 */
const w3c = new W3CTraceContextPropagator();

export interface TraceContextHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** The active span's trace context as W3C headers, for event metadata and Kafka headers. */
export const currentTraceContext = (): TraceContextHeaders => {
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, defaultTextMapSetter);
  const headers: TraceContextHeaders = {};
  if (carrier.traceparent) headers.traceparent = carrier.traceparent;
  if (carrier.tracestate) headers.tracestate = carrier.tracestate;
  return headers;
};

/**
 * A context that continues the trace named by W3C headers (HTTP request headers, event metadata,
 * Kafka headers whose values may be Buffers). Starts from the root, not the active context, so a
 * consumer's own polling span does not become the parent of the work an event caused.
 */
export const contextFromTraceHeaders = (
  headers: Readonly<Record<string, unknown>> | undefined,
  base: Context = ROOT_CONTEXT,
): Context => {
  const carrier: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate'] as const) {
    const value = headerText(headers?.[key]);
    if (value !== undefined) carrier[key] = value;
  }
  return w3c.extract(base, carrier, defaultTextMapGetter);
};

const headerText = (value: unknown): string | undefined => {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof first === 'string') return first;
  if (Buffer.isBuffer(first)) return first.toString('utf8');
  return undefined;
};

/** A batch spans many traces: a span over it links to each item's trace instead of joining one. */
export const linksOf = (carriers: Array<TraceContextHeaders | undefined>): Link[] =>
  carriers.flatMap((carrier) => {
    const spanContext = trace.getSpanContext(contextFromTraceHeaders({ ...carrier }));
    return spanContext && isSpanContextValid(spanContext) ? [{ context: spanContext }] : [];
  });
