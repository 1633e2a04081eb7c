import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface InMemoryTracing {
  exporter: InMemorySpanExporter;
  /** Unregisters the globals, so the next test file starts from the API's no-op defaults. */
  uninstall(): void;
}

/** What an OpenTelemetry SDK would register in a service, with spans kept in memory to inspect. */
export const installInMemoryTracing = (): InMemoryTracing => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return {
    exporter,
    uninstall: () => {
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
};

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const PARENT_SPAN_ID = '00f067aa0ba902b7';
export const INCOMING_TRACEPARENT = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;
