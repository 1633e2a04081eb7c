import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  INCOMING_TRACEPARENT,
  installInMemoryTracing,
  PARENT_SPAN_ID,
  TRACE_ID,
  type InMemoryTracing,
} from '../testing/inMemoryTracing.ts';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';

let tracing: InMemoryTracing;
let app: HttpApp;
beforeAll(async () => {
  tracing = installInMemoryTracing();
  ({ app } = await createExampleApp());
});
afterAll(async () => {
  await app.close();
  tracing.uninstall();
});
beforeEach(() => tracing.exporter.reset());

describe('HTTP server spans', () => {
  it('a request produces a server span named by its route, with method and status', async () => {
    await app.inject({ url: '/mailboxes/5b3c3f43-7d34-4b64-9a8e-3c4c0d7f9a11/folders' });
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.name).toBe('GET /mailboxes/:mailboxId/folders');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/mailboxes/:mailboxId/folders',
      'http.response.status_code': 200,
    });
  });

  it('continues the trace named by an incoming traceparent', async () => {
    await app.inject({ url: '/health', headers: { traceparent: INCOMING_TRACEPARENT } });
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
  });

  it('inside the handler, currentTraceContext names the server span in the caller trace', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/context',
      payload: { note: 'hi' },
      headers: { traceparent: INCOMING_TRACEPARENT, tracestate: 'dp=1' },
    });
    const [span] = tracing.exporter.getFinishedSpans();
    const { trace } = response.json<{ trace: { traceparent: string; tracestate: string } }>();
    expect(trace.traceparent).toBe(`00-${TRACE_ID}-${span?.spanContext().spanId}-01`);
    expect(trace.tracestate).toBe('dp=1');
  });

  it('marks the span failed on a 5xx but not on a client error', async () => {
    await app.inject({ url: '/fail/unexpected' });
    await app.inject({ url: '/fail/forbidden' });
    const [failed, refused] = tracing.exporter.getFinishedSpans();
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.events.map((event) => event.name)).toContain('exception');
    expect(refused?.status.code).toBe(SpanStatusCode.UNSET);
    expect(refused?.attributes['http.response.status_code']).toBe(403);
  });

  it('an unknown route still gets a span, named by the method alone', async () => {
    await app.inject({ url: '/nowhere' });
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.name).toBe('GET');
    expect(span?.attributes['http.response.status_code']).toBe(404);
  });
});
