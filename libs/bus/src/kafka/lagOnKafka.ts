import type { Kafka } from 'kafkajs';
import type { ConsumerLag } from '../bus.ts';

/**
 * When the next message to handle in each partition was committed to the log (the relay sets a
 * message's timestamp to the event's), for the partitions this process's member is working
 * through. A partition it has handled to the end of its last fetch has none.
 */
export class PendingTimes {
  private readonly times = new Map<string, number>();

  next(topic: string, partition: number, timestamp: string): void {
    this.times.set(`${topic}:${partition}`, Number(timestamp));
  }

  done(topic: string, partition: number): void {
    this.times.delete(`${topic}:${partition}`);
  }

  of(topic: string, partition: number): number | undefined {
    return this.times.get(`${topic}:${partition}`);
  }
}

/**
 * A group's lag as Kafka tools count it: per partition, the end of the log less the group's
 * committed offset (less the oldest retained message where it has none: it starts there). When
 * the oldest waiting event was committed is known for the partitions this process works on.
 */
export const lagOnKafka = async (
  kafka: Kafka,
  groupId: string,
  topics: string[],
  pending: PendingTimes,
): Promise<ConsumerLag> => {
  const admin = kafka.admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    let events = 0;
    let oldest: number | undefined;
    for (const topic of topics) {
      const group = committed.find((offsets) => offsets.topic === topic)?.partitions ?? [];
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const done = Number(group.find((p) => p.partition === end.partition)?.offset ?? -1);
        const behind = Number(end.high) - Math.max(done, Number(end.low));
        if (behind <= 0) continue;
        events += behind;
        const at = pending.of(topic, end.partition);
        if (at !== undefined) oldest = Math.min(oldest ?? at, at);
      }
    }
    return { groupId, events, oldestRecordedAt: oldest === undefined ? null : new Date(oldest) };
  } finally {
    await admin.disconnect();
  }
};
