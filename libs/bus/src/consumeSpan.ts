import type { RecordedEvent } from '@digital-post/event-store';
import {
  contextFromTraceHeaders,
  withSpan,
  type TraceContextHeaders,
} from '@digital-post/telemetry';
import { SpanKind, type Attributes } from '@opentelemetry/api';

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
