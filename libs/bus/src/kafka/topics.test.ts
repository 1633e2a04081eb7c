import { describe, expect, it } from 'vitest';
import { readTopicPlan, topicPlan } from './topics.ts';

describe('topic plan from deploy/kafka/topics.json', () => {
  it('has one digitalpost.<category> topic per stream category', async () => {
    const plan = await readTopicPlan();
    expect(plan.categories).toEqual(
      expect.arrayContaining(['message', 'routing', 'forwarding', 'mailbox', 'enrollment']),
    );
    for (const category of plan.categories) {
      expect(plan.topicFor(category)).toBe(`digitalpost.${category}`);
    }
  });

  it('refuses a category with no topic, and two topics for one category', () => {
    const plan = topicPlan([{ name: 'digitalpost.message', category: 'message', partitions: 1 }]);
    expect(() => plan.topicFor('scratch')).toThrow(/no Kafka topic/);
    const twice = { name: 'other', category: 'message', partitions: 1 };
    expect(() => topicPlan([...plan.topics, twice])).toThrow();
  });
});
