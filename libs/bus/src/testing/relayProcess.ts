import { openPostgresStore, type EventStore } from '@digital-post/event-store';
import { startKafkaRelay } from '../kafka/relay.ts';
import { quietKafka, testTopicPlan } from './kafkaFixture.ts';
import { testRegistry } from './testContracts.ts';

/**
 * The relay in a process of its own, for the crash tests. With `STALL_AFTER_BATCHES`, after
 * publishing its Nth batch it stops short of the checkpoint, inside the subscription's
 * transaction, and says so: a SIGKILL then is a crash after Kafka acknowledged the batch and
 * before the store recorded it. It says `ACTIVE` once it holds the relay's lease.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const { store } = await openPostgresStore({ connectionString: env('STORE_URL') });
const stallAfter = Number(process.env['STALL_AFTER_BATCHES'] ?? Infinity);
let batches = 0;

const stallingStore: EventStore = {
  ...store,
  subscribe: (options) =>
    store.subscribe({
      ...options,
      handle: async (batch, tx) => {
        await options.handle(batch, tx);
        batches += 1;
        if (batches < stallAfter) return;
        console.log(`PUBLISHED ${batch.at(-1)?.globalPosition}`);
        await new Promise(() => undefined);
      },
    }),
};

const relay = startKafkaRelay({
  store: stallingStore,
  registry: testRegistry(),
  topics: await testTopicPlan(),
  brokers: env('BROKERS').split(','),
  kafka: quietKafka,
  batchSize: Number(env('BATCH_SIZE')),
  lease: { holder: env('HOLDER'), ttlMs: Number(process.env['LEASE_TTL_MS'] ?? 6_000) },
  onError: (error) => console.error(error),
});
console.log('STARTED');
const active = setInterval(() => {
  if (relay.status().state === 'standby') return;
  console.log('ACTIVE');
  clearInterval(active);
}, 50);
