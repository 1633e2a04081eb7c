import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTsProcess, waitFor, type TsProcess } from '@digital-post/testing';
import type { RunningConsumer } from '../bus.ts';
import { createEffectsTable, effectCounts, recordEffect } from '../testing/effects.ts';
import { inspectKafka } from '../testing/kafkaInspection.ts';
import { startKafkaFixture, type KafkaFixture } from '../testing/kafkaFixture.ts';
import { routed } from '../testing/testContracts.ts';

/**
 * Faults between the store and a consumer's side effects: a relay killed after Kafka took a batch
 * but before its checkpoint, a consumer killed mid-batch, Kafka unreachable for a while. Each
 * time, every event's effect happens exactly once.
 */
const messageTopic = 'digitalpost.message';
const script = (name: string) => fileURLToPath(new URL(`../testing/${name}`, import.meta.url));

describe('Kafka bus under faults', () => {
  let fixture: KafkaFixture;
  let processes: TsProcess[];
  let consumers: RunningConsumer[];
  beforeEach(() => {
    processes = [];
    consumers = [];
  });
  afterEach(async () => {
    await Promise.all(processes.map((child) => child.kill()));
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await fixture?.dispose();
  });

  const start = async (options?: { relay?: boolean }) => {
    fixture = await startKafkaFixture(options);
    await createEffectsTable(fixture.consumerDb);
    return fixture;
  };
  const appendRouted = async (from: number, to: number) => {
    for (let n = from; n <= to; n++) await fixture.store.append(`message-${n % 3}`, [routed(n)]);
  };
  const consume = async (groupId: string) => {
    const consumer = await fixture.bus.consume({
      groupId,
      categories: ['message'],
      handle: recordEffect(groupId),
      onError: () => undefined,
    });
    consumers.push(consumer);
  };
  const effectsReach = (groupId: string, distinct: number) =>
    waitFor(async () => (await effectCounts(fixture.consumerDb, groupId)).distinct >= distinct, {
      timeoutMs: 60_000,
      message: `${distinct} effects of ${groupId}`,
    });
  const spawn = (name: string, env: Record<string, string>) => {
    const child = startTsProcess(script(name), {
      BROKERS: fixture.mock.bootstrapServers.join(','),
      ...env,
    });
    processes.push(child);
    return child;
  };
  const storedCheckpoint = async () =>
    (
      await fixture.storeDb.query<{ global_position: string }>(
        `select global_position from subscription_checkpoints where subscription_id = 'kafka-relay'`,
      )
    ).map((row) => Number(row.global_position))[0];

  it('a relay killed between the Kafka ack and its checkpoint republishes; effects stay single', async () => {
    await start({ relay: false });
    await appendRouted(1, 60);
    const relay = spawn('relayProcess.ts', {
      STORE_URL: fixture.storeUrl,
      BATCH_SIZE: '10',
      STALL_AFTER_BATCHES: '2',
      HOLDER: 'stalling',
      LEASE_TTL_MS: '1500',
    });
    const published = Number((await relay.waitForLine('PUBLISHED')).split(' ')[1]);
    await relay.kill();

    const kafka = inspectKafka(fixture.mock.bootstrapServers);
    expect(await kafka.messageCount(messageTopic)).toBe(20);
    expect(await storedCheckpoint()).toBeLessThan(published); // the second batch is not recorded

    // The killed relay's lease runs out before another takes over.
    await fixture.startRelay().caughtUp();
    expect(await kafka.messageCount(messageTopic)).toBe(70); // the second batch went twice
    await consume('mailbox');
    await effectsReach('mailbox', 60);
    await waitFor(async () => (await kafka.committedCount('mailbox', messageTopic)) === 70);
    expect(await effectCounts(fixture.consumerDb, 'mailbox')).toEqual({ total: 60, distinct: 60 });
  });

  it('relays in two processes: one publishes, and when it is killed under load the other takes over; effects stay single', async () => {
    await start({ relay: false });
    await consume('mailbox');
    const relays = ['a', 'b'].map((holder) =>
      spawn('relayProcess.ts', {
        STORE_URL: fixture.storeUrl,
        BATCH_SIZE: '10',
        HOLDER: holder,
        LEASE_TTL_MS: '2000',
      }),
    );
    const first = await Promise.race(
      relays.map(async (relay, index) => (await relay.waitForLine('ACTIVE'), index)),
    );
    const appending = (async () => {
      for (let n = 1; n <= 300; n++) {
        await fixture.store.append(`message-${n % 7}`, [routed(n)]);
        if (n % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await effectsReach('mailbox', 60);
    await relays[first]!.kill();
    await relays[1 - first]!.waitForLine('ACTIVE', 20_000);
    await appending;

    await effectsReach('mailbox', 300);
    const kafka = inspectKafka(fixture.mock.bootstrapServers);
    const published = await kafka.messageCount(messageTopic);
    expect(published).toBeGreaterThanOrEqual(300);
    await waitFor(async () => (await kafka.committedCount('mailbox', messageTopic)) === published);
    expect(await effectCounts(fixture.consumerDb, 'mailbox')).toEqual({
      total: 300,
      distinct: 300,
    });
  });

  it('a consumer killed mid-batch gets the batch again and drops what it had done', async () => {
    await start({ relay: false });
    await appendRouted(1, 60);
    // One relay batch, so each partition holds one record batch and a fetch returns all of it.
    await fixture.startRelay().caughtUp();
    const consumer = spawn('consumerProcess.ts', {
      CONSUMER_URL: fixture.consumerUrl,
      GROUP_ID: 'routing',
      STALL_AT_EVENT: '30',
    });
    await consumer.waitForLine('STALLED');
    await consumer.kill();

    const kafka = inspectKafka(fixture.mock.bootstrapServers);
    // A partition's batch commits whole: the one holding the 30th event rolled back with it.
    const doneBeforeKill = await effectCounts(fixture.consumerDb, 'routing');
    expect(doneBeforeKill.total).toBeLessThan(30);
    expect(doneBeforeKill.distinct).toBe(doneBeforeKill.total);
    expect(await kafka.committedCount('routing', messageTopic)).toBeLessThanOrEqual(
      doneBeforeKill.total,
    );

    await consume('routing');
    await effectsReach('routing', 60);
    await waitFor(async () => (await kafka.committedCount('routing', messageTopic)) === 60);
    expect(await effectCounts(fixture.consumerDb, 'routing')).toEqual({ total: 60, distinct: 60 });
  });

  it('a consumer killed with batches of several partitions in hand gets each again, none doubled', async () => {
    await start({ relay: false });
    // Twelve streams, so every one of the three partitions holds events.
    for (let n = 1; n <= 120; n++) await fixture.store.append(`message-${n % 12}`, [routed(n)]);
    await fixture.startRelay().caughtUp();
    const consumer = spawn('consumerProcess.ts', {
      CONSUMER_URL: fixture.consumerUrl,
      GROUP_ID: 'mailbox',
      STALL_AT_EVENT: '1',
    });
    // Each partition's batch stops at its first event, all three in hand side by side.
    await consumer.waitForLine('STALLED 3 batches');
    await consumer.kill();

    const kafka = inspectKafka(fixture.mock.bootstrapServers);
    expect(await effectCounts(fixture.consumerDb, 'mailbox')).toEqual({ total: 0, distinct: 0 });
    expect(await kafka.committedCount('mailbox', messageTopic)).toBe(0);

    await consume('mailbox');
    await effectsReach('mailbox', 120);
    await waitFor(async () => (await kafka.committedCount('mailbox', messageTopic)) === 120);
    expect(await effectCounts(fixture.consumerDb, 'mailbox')).toEqual({
      total: 120,
      distinct: 120,
    });
  });

  it("a restarted member is back at once, joining while the group waits out its predecessor's session", async () => {
    await start();
    await appendRouted(1, 10);
    const predecessor = spawn('consumerProcess.ts', {
      CONSUMER_URL: fixture.consumerUrl,
      GROUP_ID: 'mailbox',
      STALL_AT_EVENT: '1000',
      SESSION_TIMEOUT_MS: '10000',
    });
    await effectsReach('mailbox', 10);
    await predecessor.kill();

    // Resolves while the group still counts the killed member in: its process can serve.
    await consume('mailbox');
    expect(fixture.bus.health()).toEqual([{ groupId: 'mailbox', state: 'joining' }]);
    await appendRouted(11, 20);
    await effectsReach('mailbox', 20);
    expect(fixture.bus.health()).toEqual([{ groupId: 'mailbox', state: 'running' }]);
    expect(await effectCounts(fixture.consumerDb, 'mailbox')).toEqual({ total: 20, distinct: 20 });
  });

  it('Kafka down for a while: the relay holds its place, then every event arrives once', async () => {
    const errors: unknown[] = [];
    await start({ relay: false });
    const relay = fixture.startRelay({ onError: (error) => errors.push(error) });
    await consume('notification');
    await appendRouted(1, 20);
    await effectsReach('notification', 20);
    const positionBefore = relay.position;

    await fixture.mock.brokersDown();
    await appendRouted(21, 50);
    await waitFor(() => errors.length >= 2, { message: 'failed publish attempts' });
    expect(relay.position).toEqual(positionBefore);
    expect(await storedCheckpoint()).toBe(positionBefore.globalPosition);
    await fixture.mock.brokersUp();

    await relay.caughtUp();
    await effectsReach('notification', 50);
    const kafka = inspectKafka(fixture.mock.bootstrapServers);
    const published = await kafka.messageCount(messageTopic);
    await waitFor(
      async () => (await kafka.committedCount('notification', messageTopic)) === published,
    );
    expect(await effectCounts(fixture.consumerDb, 'notification')).toEqual({
      total: 50,
      distinct: 50,
    });
  });
});
