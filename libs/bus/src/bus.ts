import type { LogFilter, RecordedEvent, SqlExecutor } from '@digital-post/event-store';

/**
 * Consuming domain events between services. Delivery is at least once, in order per stream;
 * `handle` runs inside a transaction of the consumer's own database, in which the processed
 * event id and the checkpoint are recorded too, so a redelivered event is dropped and a crash
 * mid-batch loses nothing.
 */
export interface ConsumerOptions extends LogFilter {
  /** Consumer group: every group gets every event once; members of one group share the work. */
  groupId: string;
  handle(event: RecordedEvent, tx: SqlExecutor): Promise<void>;
  onError?(error: unknown): void;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

export interface EventBus {
  readonly kind: 'embedded' | 'kafka';
  consume(options: ConsumerOptions): Promise<RunningConsumer>;
  /** Resolves when what carries the events answers; for a service's readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
