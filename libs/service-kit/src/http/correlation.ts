import type { IncomingMessage } from 'node:http';
import { CORRELATION_ID_HEADER, resolveCorrelationId } from '../context/correlationId.ts';

const byRawRequest = new WeakMap<IncomingMessage, string>();

/**
 * The correlation id of a request, resolved once. Keyed by the raw request because fastify
 * builds the request logger from it before any hook runs, and the id belongs on every line,
 * "incoming request" included.
 */
export const correlationIdOf = (raw: IncomingMessage): string => {
  let correlationId = byRawRequest.get(raw);
  if (correlationId === undefined) {
    correlationId = resolveCorrelationId(raw.headers[CORRELATION_ID_HEADER]);
    byRawRequest.set(raw, correlationId);
  }
  return correlationId;
};
