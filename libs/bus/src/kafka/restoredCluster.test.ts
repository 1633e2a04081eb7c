import { afterEach, describe, expect, it } from 'vitest';
import { startKafkaMock, waitFor, type KafkaMock } from '@digital-post/testing';
import type { EventBus } from '../bus.ts';
import { createEffectsTable, effectCounts, recordEffect } from '../testing/effects.ts';
import { inspectKafka } from '../testing/kafkaInspection.ts';
import { quietKafka, startKafkaFixture, type KafkaFixture } from '../testing/kafkaFixture.ts';
import { fixedAddress } from '../testing/restoredCluster.ts';
import { routed } from '../testing/testContracts.ts';

/**
 * The cluster behind the brokers' address is replaced by one restored empty: the topics are there
 * again, but no group and no committed offset. kafkajs stops the group's consumer for good on
 * that ("the group id was not found" is not retriable); the bus must start it again, report it
 * meanwhile, and lose and repeat nothing.
 */
const messageTopic = 'digitalpost.message';

describe('Kafka bus on a cluster restored empty', () => {
  let fixture: KafkaFixture;
  let restored: KafkaMock | undefined;
  afterEach(async () => {
    await fixture?.dispose();
    await restored?.stop();
  });

  const appendRouted = async (from: number, to: number) => {
    for (let n = from; n <= to; n++) await fixture.store.append(`message-${n % 3}`, [routed(n)]);
  };
  const effectsReach = (distinct: number) =>
    waitFor(async () => (await effectCounts(fixture.consumerDb, 'mailbox')).distinct >= distinct, {
      timeoutMs: 60_000,
      message: `${distinct} effects`,
    });
  const healthOf = (bus: EventBus) => bus.health().find((health) => health.groupId === 'mailbox');

  it('restarts the consumer kafkajs stopped for good, unhealthy meanwhile; each effect once', async () => {
    fixture = await startKafkaFixture();
    await createEffectsTable(fixture.consumerDb);
    const address = fixedAddress(fixture.mock);
    const bus = await fixture.openBus({
      kafka: { ...quietKafka, socketFactory: address.socketFactory },
      restartBackoff: { initialMs: 200, maxMs: 1_000 },
    });
    const errors: Error[] = [];
    await bus.consume({
      groupId: 'mailbox',
      categories: ['message'],
      handle: recordEffect('mailbox'),
      onError: (error) => void errors.push(error as Error),
    });
    await appendRouted(1, 10);
    await effectsReach(10);

    // The restored cluster is filled again from the store: a relay of its own republishes the
    // whole log, the ten events already handled and ten the consumer has not seen.
    restored = await startKafkaMock({ topics: fixture.plan.topics });
    await fixture.relay!.stop();
    await appendRouted(11, 20);
    const relay = fixture.startRelay({
      brokers: restored.bootstrapServers,
      subscriptionId: 'kafka-relay-restored',
    });
    await relay.caughtUp();

    address.moveTo(restored);
    await fixture.mock.stop();
    const down = await waitFor(() => healthOf(bus)?.state === 'restarting' && healthOf(bus));
    expect(down?.reason).toMatch(/group id was not found/i);
    expect(errors).toContainEqual(expect.objectContaining({ name: 'KafkaJSNonRetriableError' }));
    await waitFor(() => healthOf(bus)?.state === 'running', { message: 'running again' });

    // Read from the start of the restored topics: none of the ten new events is lost.
    await effectsReach(20);
    await appendRouted(21, 25);
    await relay.caughtUp();
    await effectsReach(25);
    const kafka = inspectKafka(restored.bootstrapServers);
    const published = await kafka.messageCount(messageTopic);
    expect(published).toBe(25);
    await waitFor(async () => (await kafka.committedCount('mailbox', messageTopic)) === published);
    // The processed ids dropped the ten republished events it had already handled.
    expect(await effectCounts(fixture.consumerDb, 'mailbox')).toEqual({ total: 25, distinct: 25 });
  });
});
