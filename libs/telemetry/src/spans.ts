import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
  type Tracer,
} from '@opentelemetry/api';

export const TRACER_NAME = 'digital-post';

/**
 * Looked up on every use rather than once: the API hands out a proxy until the process registers
 * a real provider, and a tracer fetched before that would stay a no-op in some set-ups.
 */
export const getTracer = (): Tracer => trace.getTracer(TRACER_NAME);

export interface WithSpanOptions {
  kind?: SpanKind;
  /** Parent context, e.g. from `contextFromTraceHeaders(event.metadata)`; defaults to the active one. */
  parent?: Context;
  links?: Link[];
}

/**
 * Runs `fn` inside a new active span, so spans and trace context taken inside it are its
 * children. A throw marks the span as failed, records the error and is rethrown unchanged.
 */
export const withSpan = async <T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  options: WithSpanOptions = {},
): Promise<T> => {
  const parent = options.parent ?? context.active();
  const spanOptions = {
    attributes,
    ...(options.kind !== undefined && { kind: options.kind }),
    ...(options.links && { links: options.links }),
  };
  return getTracer().startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
};

export const markFailed = (span: Span, error: unknown): void => {
  const asError = error instanceof Error ? error : new Error(String(error));
  span.recordException(asError);
  span.setStatus({ code: SpanStatusCode.ERROR, message: asError.name });
};
