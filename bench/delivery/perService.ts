import {
  lagOnKafka,
  PendingTimes,
  readTopicPlan,
  RELAY_SUBSCRIPTION,
} from '@digital-post/bus/kafka';
import type { ConsumerLag } from '@digital-post/bus';
import { openPgDatabase, type Database } from '@digital-post/event-store';
import { startProcessPerService, type PerServiceSystem } from '@digital-post/e2e/perService';
import { waitFor } from '@digital-post/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface PerServiceBench {
  system: PerServiceSystem;
  /** The database as its owner sees it: to generate the population and count what is visible. */
  db: Database;
  /** Each consumer group's backlog on Kafka, and the relay's in the store (as group `relay`). */
  lag(): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}

/**
 * The deployment's shape without containers: one process per service on the PostgreSQL server
 * and the Kafka protocol peer (test/e2e's perService.ts), measured from outside as an operator
 * would: backlogs from Kafka's offsets and the relay's checkpoint.
 */
export const startPerServiceBench = async (letters: number): Promise<PerServiceBench> => {
  const system = await startProcessPerService({ partitions: partitionsFor(letters) });
  const db = openPgDatabase({ connectionString: system.database.ownerUrl, poolSize: 4 });
  const kafka = new Kafka({ brokers: system.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const categories = (await readTopicPlan()).topics.map((topic) => topic.category);
  return {
    system,
    db,
    lag: async () => [await relayLag(db, categories), ...(await groupLags(db, kafka, admin))],
    close: async () => {
      await admin.disconnect();
      await db.close();
      await system.close();
    },
  };
};

/**
 * The fewest partitions a topic can have for a whole sending to wait on it: the peer keeps 5 MiB
 * of a partition and drops the oldest beyond (a consumer then stalls at the gap), and a letter's
 * message on the busiest topic takes about 500 bytes. No more than that: the peer answers a fetch
 * with one produced batch a partition, so the more partitions the relay spreads its batches
 * over, the smaller every consumer's batches (24 partitions, as deployed, made 124 letters/s).
 * BENCH_PARTITIONS says how many instead.
 */
const partitionsFor = (letters: number) =>
  Number(process.env.BENCH_PARTITIONS) ||
  Math.max(2, Math.ceil((letters * 640) / (4 * 1024 * 1024)));

/**
 * Events in the store that the relay has not published yet: of the categories that have a
 * topic (the relay publishes nothing else, and moves its checkpoint only as it publishes).
 */
const relayLag = async (db: Database, categories: string[]): Promise<ConsumerLag> => {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from events
      where stream_category = any($2::text[])
        and global_position > coalesce((select global_position from subscription_checkpoints
                                         where subscription_id = $1), 0)`,
    [RELAY_SUBSCRIPTION, categories],
  );
  return { groupId: 'relay', events: row?.n ?? 0, oldestRecordedAt: null };
};

/**
 * Every consumer group's lag, as Kafka tools count it, over the topics it has committed offsets
 * on. The groups are those the services' bus tables name (the protocol peer lists no groups).
 */
const groupLags = async (db: Database, kafka: Kafka, admin: Admin): Promise<ConsumerLag[]> => {
  const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
  const lags: ConsumerLag[] = [];
  for (const groupId of await groupsOf(db)) {
    const committed = await admin.fetchOffsets({ groupId, topics });
    const consumed = committed
      .filter((entry) => entry.partitions.some((partition) => Number(partition.offset) >= 0))
      .map((entry) => entry.topic);
    // The bus's own count, as each process reports its groups (nothing pending is known here).
    if (consumed.length > 0)
      lags.push(await lagOnKafka(kafka, groupId, consumed, new PendingTimes()));
  }
  return lags;
};

/** The consumer groups that have handled an event, from each service's bus table. */
const groupsOf = async (db: Database): Promise<string[]> => {
  const tables = await db.query<{ name: string }>(
    `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
       from information_schema.tables where table_name = 'bus_checkpoints'`,
  );
  const groups = new Set<string>();
  for (const { name } of tables) {
    const rows = await db.query<{ consumer_group: string }>(
      `select distinct consumer_group from ${name}`,
    );
    rows.forEach((row) => groups.add(row.consumer_group));
  }
  return [...groups].sort();
};

/** Waits until the relay and every consumer group have nothing left (after the population). */
export const perServiceCaughtUp = (bench: PerServiceBench): Promise<unknown> =>
  waitFor(
    async () => {
      const lags = await bench.lag();
      return lags.length > 1 && lags.every((lag) => lag.events === 0);
    },
    { timeoutMs: 30 * 60_000, intervalMs: 1000, message: 'relay and consumers caught up' },
  );
