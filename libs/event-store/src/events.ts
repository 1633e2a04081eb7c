/** Who did something, recorded on every event so the audit trail can answer "who, for whom, through what". */
export interface Actor {
  /** e.g. 'citizen', 'employee', 'authority-system', 'operator', 'system' */
  kind: string;
  id: string;
  /** The mailbox owner this actor acted for, when not themself. */
  onBehalfOf?: string;
  /** The viewing client or sender system the act came through. */
  client?: string;
}

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: Actor;
  /** W3C trace context, so a span started at the HTTP edge continues in every consumer. */
  traceparent?: string;
  tracestate?: string;
}

export interface NewEvent<Data = unknown> {
  /** Supplied by the caller to make retries safe: an id already stored is not stored again. */
  id?: string;
  type: string;
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
}

/**
 * A place in the global log. The log is ordered by (transactionId, globalPosition), not by the
 * position alone: a bigserial position can commit out of order, so a reader that followed the
 * position alone could pass an event that commits later with a smaller number and miss it.
 */
export interface LogPosition {
  transactionId: number;
  globalPosition: number;
}

export const START_OF_LOG: LogPosition = { transactionId: 0, globalPosition: 0 };

export interface RecordedEvent<Data = unknown> {
  id: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  /** 1 for a stream's first event. */
  streamVersion: number;
  globalPosition: number;
  transactionId: number;
  recordedAt: Date;
}

export const positionOf = (event: RecordedEvent): LogPosition => ({
  transactionId: event.transactionId,
  globalPosition: event.globalPosition,
});

/** Streams are named `<category>-<id>`; the category is what consumers filter on. */
export const categoryOf = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
};
