import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Which Kafka topic carries which stream category. Topics are deploy configuration
 * (deploy/kafka/topics.json, created by deploy/kafka/create-topics.sh); services only read the
 * plan and never create topics at run time.
 */
export interface TopicPlan {
  topics: PlannedTopic[];
  /** The categories that are published on the bus: the relay reads only these from the store. */
  categories: string[];
  /** The topic of a category; throws for one with no topic, which is a deploy mistake. */
  topicFor(category: string): string;
}

export interface PlannedTopic {
  name: string;
  category: string;
  partitions: number;
}

export const defaultTopicsFile = (): string =>
  process.env.DIGITAL_POST_KAFKA_TOPICS ??
  fileURLToPath(new URL('../../../../deploy/kafka/topics.json', import.meta.url));

export const readTopicPlan = async (file = defaultTopicsFile()): Promise<TopicPlan> =>
  topicPlan(parseTopics(JSON.parse(await readFile(file, 'utf8')), file));

export const topicPlan = (topics: PlannedTopic[]): TopicPlan => {
  const byCategory = new Map(topics.map((topic) => [topic.category, topic.name]));
  if (byCategory.size !== topics.length) throw new Error('two topics for one category');
  return {
    topics,
    categories: [...byCategory.keys()],
    topicFor: (category) => {
      const topic = byCategory.get(category);
      if (topic === undefined) throw new Error(`no Kafka topic for stream category ${category}`);
      return topic;
    },
  };
};

const parseTopics = (json: unknown, file: string): PlannedTopic[] => {
  const topics = (json as { topics?: unknown }).topics;
  if (!Array.isArray(topics)) throw new Error(`${file}: no "topics" list`);
  return topics.map((entry: Partial<PlannedTopic>) => {
    const { name, category, partitions } = entry;
    if (typeof name !== 'string' || typeof category !== 'string' || !Number.isInteger(partitions)) {
      throw new Error(
        `${file}: a topic needs name, category and partitions: ${JSON.stringify(entry)}`,
      );
    }
    return { name, category, partitions: partitions as number };
  });
};
