import { consumerStates, type EventBus } from '@digital-post/bus';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { consumersReport } from '../consumers/consumerReport.ts';
import type { RelayRouteDeps } from '../relay/relayRoutes.ts';
import { relayReport } from '../relay/relayStatus.ts';

const gaugeIn =
  (registry: Registry) =>
  (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name: `digitalpost_${name}`, help, labelNames, registers: [registry] });

/** Each consumer group's, read afresh at every scrape. */
const consumerGauges = (registry: Registry) => {
  const gauge = gaugeIn(registry);
  return {
    state: gauge('consumer_state', 'A consumer group is in this state (1)', ['group', 'state']),
    lagEvents: gauge('consumer_lag_events', 'Events a group has still to handle', ['group']),
    lagSeconds: gauge(
      'consumer_lag_seconds',
      'Age of the oldest event a group has still to handle (0: none waits)',
      ['group'],
    ),
  };
};

/** The relay's, on Kafka. */
const relayGauges = (registry: Registry) => {
  const gauge = gaugeIn(registry);
  return {
    unpublishedEvents: gauge('relay_unpublished_events', 'Events not yet on Kafka'),
    unpublishedSeconds: gauge(
      'relay_unpublished_seconds',
      'Age of the oldest event not yet on Kafka (0: none waits)',
    ),
    publishing: gauge('relay_publishing', 'This process holds the relay lease (1) or not'),
  };
};

const readConsumers = async (bus: EventBus, gauges: ReturnType<typeof consumerGauges>) => {
  Object.values(gauges).forEach((each) => each.reset());
  const { consumers } = await consumersReport(bus);
  for (const { groupId: group, state, behind } of consumers) {
    for (const each of consumerStates) {
      gauges.state.set({ group, state: each }, each === state ? 1 : 0);
    }
    // One that cannot be asked now drops out, rather than showing stale figures.
    if (!behind) continue;
    gauges.lagEvents.set({ group }, behind.events);
    gauges.lagSeconds.set({ group }, behind.ageSeconds ?? 0);
  }
};

const readRelay = async (relay: RelayRouteDeps, gauges: ReturnType<typeof relayGauges>) => {
  const report = await relayReport(relay.db, relay.categories, relay.relay);
  gauges.unpublishedEvents.set(report.unpublished.events);
  gauges.unpublishedSeconds.set(report.unpublished.ageSeconds ?? 0);
  gauges.publishing.set(report.thisProcess?.state === 'publishing' ? 1 : 0);
};

/**
 * Prometheus metrics at `/metrics` on the operations front: the process's own (memory, event
 * loop, garbage collection), its letters and events and requests (`platformMetrics.ts`), each
 * consumer group's state and lag, and on Kafka the relay's. No personal data: names and counts.
 */
export const metricsRoutes =
  (registry: Registry, bus: EventBus, relay: RelayRouteDeps | undefined): FastifyPluginAsyncZod =>
  async (app) => {
    collectDefaultMetrics({ register: registry, prefix: 'digitalpost_' });
    const consumers = consumerGauges(registry);
    const relays = relay && relayGauges(registry);
    app.get(
      '/metrics',
      { logLevel: 'warn', schema: { tags: ['operations'], summary: 'Prometheus metrics' } },
      async (_request, reply) => {
        await readConsumers(bus, consumers);
        if (relay && relays) {
          await readRelay(relay, relays).catch(() => {
            Object.values(relays).forEach((each) => each.reset());
          });
        }
        return reply.type(registry.contentType).send(await registry.metrics());
      },
    );
  };
