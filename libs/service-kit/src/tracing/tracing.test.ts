import { SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  INCOMING_TRACEPARENT,
  installInMemoryTracing,
  PARENT_SPAN_ID,
  TRACE_ID,
  type InMemoryTracing,
} from '../testing/inMemoryTracing.ts';
import { contextFromTraceHeaders, currentTraceContext } from '@digital-post/telemetry';
import { withSpan } from '@digital-post/telemetry';

let tracing: InMemoryTracing;
beforeAll(() => (tracing = installInMemoryTracing()));
afterAll(() => tracing.uninstall());
beforeEach(() => tracing.exporter.reset());

describe('withSpan', () => {
  it('runs the function in an active span with the given attributes', async () => {
    const inside = await withSpan('relay batch', { 'batch.size': 3 }, () => currentTraceContext());
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.name).toBe('relay batch');
    expect(span?.attributes['batch.size']).toBe(3);
    expect(inside.traceparent).toBe(
      `00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`,
    );
  });

  it('records a throw, marks the span failed and rethrows the same error', async () => {
    const error = new Error('store unreachable');
    await expect(withSpan('append', {}, () => Promise.reject(error))).rejects.toBe(error);
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events[0]?.name).toBe('exception');
  });

  it('nests: a span started inside another is its child', async () => {
    await withSpan('outer', {}, () => withSpan('inner', {}, () => undefined));
    const [inner, outer] = tracing.exporter.getFinishedSpans();
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
  });
});

describe('trace context in event metadata and Kafka headers', () => {
  it('currentTraceContext is empty outside any span', () => {
    expect(currentTraceContext()).toEqual({});
  });

  it('contextFromTraceHeaders continues a trace from event metadata', async () => {
    const parent = contextFromTraceHeaders({
      traceparent: INCOMING_TRACEPARENT,
      tracestate: 'dp=1',
    });
    expect(trace.getSpanContext(parent)).toMatchObject({ traceId: TRACE_ID, isRemote: true });
    await withSpan('handle MessageRouted', {}, () => undefined, { parent });
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
  });

  it('reads Kafka-style Buffer and array header values', () => {
    const fromBuffer = contextFromTraceHeaders({ traceparent: Buffer.from(INCOMING_TRACEPARENT) });
    const fromArray = contextFromTraceHeaders({ traceparent: [INCOMING_TRACEPARENT] });
    expect(trace.getSpanContext(fromBuffer)?.spanId).toBe(PARENT_SPAN_ID);
    expect(trace.getSpanContext(fromArray)?.spanId).toBe(PARENT_SPAN_ID);
  });

  it('ignores missing or malformed headers', () => {
    expect(trace.getSpanContext(contextFromTraceHeaders(undefined))).toBeUndefined();
    expect(
      trace.getSpanContext(contextFromTraceHeaders({ traceparent: 'garbage' })),
    ).toBeUndefined();
  });
});
