import { describe, expect, it } from 'vitest';
import { linksOf } from './traceContext.ts';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('links of a batch to the traces of its items', () => {
  it('links each item that carries a valid trace context, and skips the rest', () => {
    const links = linksOf([
      { traceparent },
      undefined,
      {},
      { traceparent: 'not-a-traceparent' },
      { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
    ]);
    expect(links).toHaveLength(1);
    expect(links[0]!.context).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      isRemote: true,
    });
  });
});
