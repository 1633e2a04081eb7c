import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopicPlan } from '@digital-post/bus/kafka';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  startKafkaMock,
  waitFor,
  type KafkaMock,
  type TestDatabase,
} from '@digital-post/testing';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testing/testConfig.ts';

describe('the platform at scale: the PostgreSQL server and Kafka', () => {
  let database: TestDatabase;
  let kafka: KafkaMock;
  let platform: Platform;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase('platform_kafka');
    const plan = await readTopicPlan();
    kafka = await startKafkaMock({ topics: plan.topics.map((t) => ({ ...t, partitions: 2 })) });
    dir = await mkdtemp(join(tmpdir(), 'dp-platform-kafka-'));
    platform = await startPlatform(
      testConfig(dir, {
        DIGITAL_POST_DATABASE_URL: database.url,
        DIGITAL_POST_KAFKA_BROKERS: kafka.bootstrapServers.join(','),
      }),
    );
  });
  afterAll(async () => {
    await platform.close();
    await kafka.stop();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('relays what is appended to Kafka and delivers it to a consumer', async () => {
    const seen: string[] = [];
    const consumer = await platform.bus.consume({
      groupId: 'platform-test',
      categories: ['message'],
      handle: async (event) => void seen.push(event.id),
    });
    try {
      await platform.store.store.append('message-00000000-0000-4000-8000-000000000001', [
        {
          type: 'MessageAccepted',
          data: {
            messageId: '00000000-0000-4000-8000-000000000001',
            senderId: 'authority:skat',
            recipient: { kind: 'cpr', id: '0101901234' },
            documents: [],
            legalNotification: false,
            replyAllowed: false,
            doNotDeliverUntil: null,
            acceptedAt: '2026-11-22T10:00:00.000Z',
          },
        },
      ]);
      await waitFor(() => seen.length === 1, { message: 'the event through Kafka' });
    } finally {
      await consumer.stop();
    }
  });

  it('is ready only while Kafka answers', async () => {
    expect((await platform.apps.operations.inject('/ready')).statusCode).toBe(200);
    await kafka.brokersDown();
    expect((await platform.apps.operations.inject('/ready')).statusCode).toBe(503);
    await kafka.brokersUp();
    await waitFor(
      async () => (await platform.apps.operations.inject('/ready')).statusCode === 200,
      {
        message: 'ready again',
      },
    );
  });

  it('shows operators who relays the log, and publishes it again from where they say', async () => {
    const operator = (
      await platform.apps.operations.inject({
        method: 'POST',
        url: '/dev/tokens',
        payload: { kind: 'operator', operatorId: 'ops-1' },
      })
    ).json().token as string;
    const asOperator = { authorization: `Bearer ${operator}` };
    const report = async () =>
      (await platform.apps.operations.inject({ url: '/admin/relay', headers: asOperator })).json();
    const settled = await waitFor(async () => {
      const now = await report();
      return now.thisProcess?.state === 'publishing' && now.unpublished.events === 0 && now;
    });
    expect(settled.lease).toMatchObject({ holder: expect.stringMatching(/:\d+$/), expired: false });
    const head = settled.checkpoint.globalPosition;
    expect(head).toBeGreaterThan(0);

    const republish = await platform.apps.operations.inject({
      method: 'POST',
      url: '/admin/relay/republish',
      headers: asOperator,
      payload: { from: 1, caseReference: 'OPS-2026-7' },
    });
    expect(republish.statusCode).toBe(202);
    expect(republish.json()).toMatchObject({ from: { globalPosition: 0 } });
    expect(republish.json().unpublished).toBeGreaterThan(0);
    // The order is in the log, with who gave it and under which case.
    const [order] = await platform.store.store.readStream('operations-relay');
    expect(order).toMatchObject({
      type: 'LogRepublishOrdered',
      data: { fromGlobalPosition: 0, orderedBy: 'ops-1', caseReference: 'OPS-2026-7' },
    });
    // The rewind ended the grant; the relay took the lease again and published it all again.
    // (The report reads the checkpoint and the backlog one after the other: a report taken while
    // the relay moves on may show the rewound checkpoint beside an empty backlog.)
    await waitFor(async () => {
      const now = await report();
      return (
        now.unpublished.events === 0 &&
        now.lease.fence > settled.lease.fence &&
        now.checkpoint.globalPosition >= head
      );
    });

    const beyond = await platform.apps.operations.inject({
      method: 'POST',
      url: '/admin/relay/republish',
      headers: asOperator,
      payload: { from: head + 1_000_000, caseReference: 'OPS-2026-7' },
    });
    expect(beyond.statusCode).toBe(404);
    const unauthenticated = await platform.apps.operations.inject({ url: '/admin/relay' });
    expect(unauthenticated.statusCode).toBe(401);
    const metrics = (await platform.apps.operations.inject('/metrics')).body;
    expect(metrics).toContain('digitalpost_relay_publishing 1');
    expect(metrics).toContain('digitalpost_relay_unpublished_events 0');
  });
});
