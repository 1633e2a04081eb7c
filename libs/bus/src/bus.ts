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
  /** Handles one event. Give this or `handleBatch`. */
  handle?(event: RecordedEvent, tx: SqlExecutor): Promise<void>;
  /**
   * Handles the events of a batch not handled before, in log order, in one transaction: a
   * consumer that reads and writes for many events in a few statements gives this instead of
   * `handle`. A failing batch is retried as `handle` would be (on Kafka, one event at a time,
   * so the events before a bad one are not held back with it).
   */
  handleBatch?(events: RecordedEvent[], tx: SqlExecutor): Promise<void>;
  onError?(error: unknown): void;
}

export interface RunningConsumer {
  health(): ConsumerHealth;
  /** How far behind it is; asks the store or the brokers. */
  lag(): Promise<ConsumerLag>;
  stop(): Promise<void>;
}

/**
 * What a consumer group has still to handle: how many events, and when the oldest of them was
 * committed to the log (null when none waits, or, on Kafka, when this process has not fetched
 * it yet).
 */
export interface ConsumerLag {
  groupId: string;
  events: number;
  oldestRecordedAt: Date | null;
}

/**
 * Whether a consumer delivers. One that went down (its Kafka group lost with the cluster's state,
 * its subscription failing as it started) is `restarting` until it delivers again: it is started
 * again with backoff, and meanwhile its process should not count as ready. One `joining` its
 * Kafka group is on its way: a restarted process's group waits out its dead member's session
 * before it hands out partitions, and the process serves meanwhile. One `stalled` came to events
 * that were gone before it read them (a Kafka partition's retention passed it): it stops there
 * rather than move past them, and stays unready until an operator has seen to them.
 */
export interface ConsumerHealth {
  groupId: string;
  state: ConsumerState;
  /** What brought it down, for the log: it may name hosts. */
  reason?: string;
}

export const consumerStates = ['running', 'joining', 'restarting', 'stalled'] as const;
export type ConsumerState = (typeof consumerStates)[number];

export interface EventBus {
  readonly kind: 'embedded' | 'kafka';
  consume(options: ConsumerOptions): Promise<RunningConsumer>;
  /** Resolves when what carries the events answers; for a service's readiness. */
  ping(): Promise<void>;
  /** The health of every consumer started on this bus and not stopped; for readiness too. */
  health(): ConsumerHealth[];
  /** The lag of every consumer started on this bus and not stopped; for operators. */
  lag(): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}
