export { getTracer, markFailed, TRACER_NAME, withSpan, type WithSpanOptions } from './spans.ts';
export {
  contextFromTraceHeaders,
  currentTraceContext,
  linksOf,
  type TraceContextHeaders,
} from './traceContext.ts';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './sdk.ts';
