import { AsyncResource } from 'node:async_hooks';
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER } from '../context/correlationId.ts';
import { runInRequestContext } from '../context/requestContext.ts';
import { contextFromTraceHeaders } from '@digital-post/telemetry';
import { getTracer } from '@digital-post/telemetry';
import { correlationIdOf } from './correlation.ts';
import type { HttpApp } from './httpApp.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's `x-correlation-id` when acceptable, else a new one; echoed on the response. */
    correlationId: string;
  }
}

interface Scope {
  span: Span;
  /** Carries the request and trace context across fastify's callbacks. */
  resource: AsyncResource;
}

const scopes = new WeakMap<FastifyRequest, Scope>();

/**
 * Per request: the correlation id (echoed to the caller), a server span that
 * continues the caller's W3C trace, and a request context for code below the route.
 */
export const registerRequestScope = (app: HttpApp): void => {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', (request, reply, done) => {
    const correlationId = correlationIdOf(request.raw);
    request.correlationId = correlationId;
    reply.header(CORRELATION_ID_HEADER, correlationId);
    const callerTrace = contextFromTraceHeaders(request.headers);
    const span = startServerSpan(request, correlationId, callerTrace);
    context.with(trace.setSpan(callerTrace, span), () =>
      runInRequestContext({ correlationId, requestId: request.id }, () => {
        const resource = new AsyncResource('digital-post.request');
        scopes.set(request, { span, resource });
        resource.runInAsyncScope(done);
      }),
    );
  });
  // Body parsing runs on stream callbacks that lose the async context: step back into it.
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = scopes.get(request);
    if (scope) scope.resource.runInAsyncScope(done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    endServerSpan(request, reply);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    scopes.get(request)?.span.setAttribute('http.request.aborted', true);
    endServerSpan(request);
    done();
  });
};

const startServerSpan = (
  request: FastifyRequest,
  correlationId: string,
  callerTrace: Context,
): Span => {
  const route = request.routeOptions.url;
  return getTracer().startSpan(
    route ? `${request.method} ${route}` : request.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'url.path': request.url.split('?')[0],
        'digital_post.correlation_id': correlationId,
        ...(route ? { 'http.route': route } : {}),
      },
    },
    callerTrace,
  );
};

const endServerSpan = (request: FastifyRequest, reply?: FastifyReply): void => {
  const scope = scopes.get(request);
  if (!scope) return;
  scopes.delete(request);
  if (reply) {
    scope.span.setAttribute('http.response.status_code', reply.statusCode);
    // Per the HTTP conventions a 4xx is the client's fault, not a failed server span.
    if (reply.statusCode >= 500) scope.span.setStatus({ code: SpanStatusCode.ERROR });
  }
  scope.span.end();
};

/** The server span of a request, for the error handler to record a failure on. */
export const serverSpanOf = (request: FastifyRequest): Span | undefined =>
  scopes.get(request)?.span;
