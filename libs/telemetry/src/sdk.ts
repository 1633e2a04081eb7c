import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Telemetry {
  /** Sends what is still held and unregisters the SDK. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** The process's environment: the standard OTEL_* variables. */
  env?: NodeJS.ProcessEnv;
  /** Where spans go instead of OTLP (a test's in-memory exporter), each as it ends. */
  exporter?: SpanExporter;
  /** The service name when OTEL_SERVICE_NAME does not give one. */
  serviceName?: string;
}

/** Whether the environment asks for traces: an OTLP endpoint, and traces not turned off. */
const wanted = (env: NodeJS.ProcessEnv): boolean =>
  env.OTEL_SDK_DISABLED !== 'true' &&
  env.OTEL_TRACES_EXPORTER !== 'none' &&
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/**
 * The OpenTelemetry SDK, started from the standard environment variables: with
 * OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) set, every span the services make goes to
 * that collector over OTLP/HTTP (JSON, `/v1/traces`) in batches, named by OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES,
 * with W3C trace context carried across processes and Kafka. Unset, nothing starts and the
 * API's calls stay no-ops. Answers undefined when it did not start.
 */
export const startTelemetry = ({
  env = process.env,
  exporter,
  serviceName = 'digital-post',
}: TelemetryOptions = {}): Telemetry | undefined => {
  if (!exporter && !wanted(env)) return undefined;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const processor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
};
