import { Partitioners, type Producer } from 'kafkajs';
import { kafkaClient, type KafkaConnectionOptions } from './client.ts';

/** The relay's Kafka producer, and what keeps one attempt at publishing bounded. */
export const relayProducer = (
  clientId: string,
  options: Omit<KafkaConnectionOptions, 'clientId'>,
): Producer =>
  kafkaClient({ ...options, clientId }).producer({
    // Topics are deploy configuration; publishing to a missing one is an error, not a creation.
    allowAutoTopicCreation: false,
    // One request in flight per broker keeps a stream's events in order when a send is retried.
    maxInFlightRequests: 1,
    // The Java client's partitioner, so every client maps a stream id to the same partition.
    createPartitioner: Partitioners.DefaultPartitioner,
    // Few retries inside one attempt; the backoff between attempts handles long outages.
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 3 },
  });

/** A send still unanswered at the deadline counts as failed; if it lands later, it is a duplicate. */
export class AttemptTimedOut extends Error {
  override readonly name = 'AttemptTimedOut';
}

export const withDeadline = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimedOut(`no acknowledgement in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Connects on first use and again after a Kafka failure, so a relay started while Kafka is down
 * waits for it like any other outage instead of failing to start.
 */
export class ProducerConnection {
  private connecting: Promise<void> | undefined;
  private resetting: Promise<void> = Promise.resolve();

  constructor(private readonly producer: Producer) {}

  ready(): Promise<void> {
    this.connecting ??= this.resetting.then(() => this.producer.connect());
    return this.connecting;
  }

  /** Drops the connection; the next attempt connects afresh, once the drop is done. */
  reset(): void {
    const stale = this.connecting;
    this.connecting = undefined;
    if (!stale) return;
    this.resetting = stale.then(
      () => this.producer.disconnect().catch(() => undefined),
      () => undefined,
    );
  }
}
