import { openPgDatabase } from '@digital-post/event-store';
import { createKafkaBus } from '../kafka/kafkaBus.ts';
import { recordEffect } from './effects.ts';
import { quietKafka, testGroupTimeouts, testTopicPlan } from './kafkaFixture.ts';
import { testRegistry } from './testContracts.ts';

/**
 * A consumer in a process of its own, for the crash test. Its handler stops for good inside the
 * Nth event's transaction and says so: a SIGKILL then kills it mid-batch, with the batch in hand
 * rolled back and neither it nor any later one committed on Kafka. Every later event stalls too,
 * each in its batch's transaction, so the line also tells how many batches are held at once
 * (a member handles several partitions' batches side by side). With `SESSION_TIMEOUT_MS` its
 * group waits that long for it after it is killed.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const groupId = env('GROUP_ID');
const stallAt = Number(env('STALL_AT_EVENT'));
const plan = await testTopicPlan();
const bus = await createKafkaBus({
  brokers: env('BROKERS').split(','),
  clientId: 'consumer-process',
  kafka: quietKafka,
  db: openPgDatabase({ connectionString: env('CONSUMER_URL') }),
  registry: testRegistry(),
  topicFor: plan.topicFor,
  groupTimeouts: {
    ...testGroupTimeouts,
    ...(process.env['SESSION_TIMEOUT_MS'] && {
      sessionTimeout: Number(process.env['SESSION_TIMEOUT_MS']),
    }),
  },
});

let handled = 0;
let stalled = 0;
const record = recordEffect(groupId);
await bus.consume({
  groupId,
  categories: ['message'],
  handle: async (event, tx) => {
    await record(event, tx);
    handled += 1;
    if (handled < stallAt) return;
    stalled += 1;
    console.log(`STALLED ${stalled} batches at event ${handled}`);
    await new Promise(() => undefined);
  },
  onError: (error) => console.error(error),
});
console.log('CONSUMING');
