import type { ExpectedVersion } from './errors.ts';
import type { LogPosition, NewEvent, RecordedEvent } from './events.ts';
import type { SqlExecutor } from './sql/database.ts';
import type { LeaseOptions } from './lease.ts';

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
  /** Append inside a caller's transaction (a consumer writing its own events with its checkpoint). */
  tx?: SqlExecutor;
}

/** One stream's part of an append to many streams. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** The stream's version after the append: the expected version for the next one. */
  nextExpectedVersion: number;
  lastPosition: LogPosition;
}

export interface ReadStreamOptions {
  /** First stream version to return (1-based). */
  fromVersion?: number;
  maxCount?: number;
  /**
   * Read inside a caller's transaction: a consumer deciding from a stream sees it as of its own
   * transaction (and on PGlite, where the database is busy until the transaction ends, it must).
   */
  tx?: SqlExecutor;
}

export interface LogFilter {
  categories?: string[];
  eventTypes?: string[];
}

export interface ReadAllOptions extends LogFilter {
  /** Return events strictly after this position. */
  after?: LogPosition;
  batchSize?: number;
}

export interface SubscriptionOptions extends LogFilter {
  /** Names the stored checkpoint: the same id resumes where it stopped. */
  subscriptionId: string;
  batchSize?: number;
  /**
   * How long a batch smaller than `batchSize` waits for more events before it is handled (as a
   * Kafka producer's linger): a publisher's fewer, larger batches for a little latency. None
   * unless said.
   */
  lingerMs?: number;
  /**
   * Called with each batch in order. The checkpoint is stored in `tx`, the same transaction, so
   * the handler's own writes and the checkpoint commit or roll back together.
   */
  handle(batch: RecordedEvent[], tx: SqlExecutor): Promise<void>;
  onError?(error: unknown): void;
  /**
   * Set where several processes run the same subscription: only the holder of its lease handles
   * events; the others wait to take over (see `lease.ts`).
   */
  lease?: LeaseOptions;
}

export interface Subscription {
  /** Stops after the batch in hand is handled and checkpointed. */
  stop(): Promise<void>;
  /** Resolves once the subscription has handled everything committed before this call. */
  caughtUp(): Promise<void>;
  readonly position: LogPosition;
  /** Whether this one handles events: a leased subscription only while it holds its lease. */
  readonly active: boolean;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to many streams at once, all or none, each held to its own expected version: a batch
   * of commands in a few statements. Results are in the order of `appends`.
   */
  appendToStreams(
    appends: StreamAppend[],
    options?: Pick<AppendOptions, 'tx'>,
  ): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Several streams in one query, each in version order; a stream with no events is absent. */
  readStreams(
    streamIds: readonly string[],
    options?: Pick<ReadStreamOptions, 'tx'>,
  ): Promise<Map<string, RecordedEvent[]>>;
  /** One batch of the global log, in log order, of events that can no longer be overtaken. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options: SubscriptionOptions): Subscription;
  close(): Promise<void>;
}
