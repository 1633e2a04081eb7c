import { describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { busContract } from '../testing/busContract.ts';
import { startKafkaFixture } from '../testing/kafkaFixture.ts';
import { delivered, routed } from '../testing/testContracts.ts';

busContract('the Kafka adapter (Kafka peer, relay from the PostgreSQL server)', async () => {
  const fixture = await startKafkaFixture();
  return {
    store: fixture.store,
    db: fixture.consumerDb,
    bus: fixture.bus,
    event: (n, type = 'routed') => (type === 'routed' ? routed(n) : delivered(n)),
    dispose: fixture.dispose,
  };
});

describe('Kafka bus readiness', () => {
  it('fails its ping while the brokers are down and passes once they are back', async () => {
    const fixture = await startKafkaFixture({ relay: false });
    try {
      await fixture.mock.brokersDown();
      await expect(fixture.bus.ping()).rejects.toThrow();
      await fixture.mock.brokersUp();
      await waitFor(() => fixture.bus.ping().then(() => true), { message: 'brokers back' });
    } finally {
      await fixture.dispose();
    }
  });
});
