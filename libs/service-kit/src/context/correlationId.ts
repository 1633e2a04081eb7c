import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * An incoming id is copied into logs, headers and every event's metadata, so only short,
 * plain ids are honoured: anything else could forge log lines or bloat the event store.
 */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

export const isAcceptableCorrelationId = (value: unknown): value is string =>
  typeof value === 'string' && ACCEPTABLE.test(value);

export const newCorrelationId = (): string => randomUUID();

/**
 * The caller's correlation id when it is acceptable, otherwise a new one. A bad id is replaced
 * rather than rejected: a tracing header is no reason to refuse a citizen's request.
 */
export const resolveCorrelationId = (incoming: string | string[] | undefined): string => {
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  return isAcceptableCorrelationId(candidate) ? candidate : newCorrelationId();
};
