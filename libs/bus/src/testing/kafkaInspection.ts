import { Kafka } from 'kafkajs';
import { quietKafka } from './kafkaFixture.ts';

/** Looks at what is on the peer, with the admin API, as an operator would. */
export const inspectKafka = (brokers: string[]) => {
  const kafka = new Kafka({ clientId: 'inspection', brokers, ...quietKafka });
  const withAdmin = async <T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };
  return {
    /** Messages ever written to the topic: duplicates from republishing count too. */
    messageCount: (topic: string) =>
      withAdmin(async (admin) =>
        (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0),
      ),
    /** Sum of the group's committed offsets on the topic (a partition never committed adds 0). */
    committedCount: (groupId: string, topic: string) =>
      withAdmin(async (admin) => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (offsets?.partitions ?? []).reduce(
          (sum, p) => sum + Math.max(0, Number(p.offset)),
          0,
        );
      }),
  };
};
