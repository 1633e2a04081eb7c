import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { contextFromTraceparent, linksOf, spanContextOf } from './traceContext.ts';

describe('W3C trace context across the bus', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('continues the trace a message carries', () => {
    const context = contextFromTraceparent(traceparent, 'vendor=value');
    const spanContext = trace.getSpanContext(context);
    expect(spanContext).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    expect(spanContext?.traceState?.get('vendor')).toBe('value');
  });

  it('ignores malformed and all-zero trace parents', () => {
    expect(spanContextOf('garbage')).toBeUndefined();
    expect(spanContextOf(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(linksOf([{ traceparent }, undefined, { traceparent: 'x' }])).toHaveLength(1);
  });
});
