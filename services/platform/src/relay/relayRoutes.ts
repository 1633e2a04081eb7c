import { RELAY_SUBSCRIPTION, type KafkaRelay } from '@digital-post/bus/kafka';
import { caseReferenceSchema, type LogRepublishOrdered } from '@digital-post/contracts';
import {
  positionBefore,
  rewindSubscription,
  START_OF_LOG,
  type Database,
  type EventStore,
} from '@digital-post/event-store';
import { problem, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { relayReport, unpublished } from './relayStatus.ts';

export interface RelayRouteDeps {
  db: Database;
  /** Where the operator's order is recorded. */
  store: EventStore;
  /** The categories the relay publishes. */
  categories: string[];
  /** This process's relay, if it runs one. */
  relay: KafkaRelay | undefined;
}

/** The operators' orders to the relay, in the log. */
const ORDERS_STREAM = 'operations-relay';

const position = z.object({ transactionId: z.number(), globalPosition: z.number() });
const relayReportSchema = z.object({
  lease: z
    .object({
      holder: z.string(),
      fence: z.number(),
      acquiredAt: z.string(),
      expiresAt: z.string(),
      expired: z.boolean(),
    })
    .nullable(),
  checkpoint: position.nullable(),
  unpublished: z.object({
    events: z.number(),
    oldestRecordedAt: z.string().nullable(),
    ageSeconds: z.number().nullable(),
  }),
  thisProcess: z
    .object({
      state: z.enum(['publishing', 'standby', 'failing']),
      position,
      reason: z.string().optional(),
    })
    .nullable(),
});

const republishBody = z.strictObject({
  /** `start`, or the global position of the first event to publish again. */
  from: z.union([z.literal('start'), z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)]),
  caseReference: caseReferenceSchema,
});

/**
 * For operators, on Kafka: where the relay stands, and publishing the log again from a position
 * when the brokers lost what they had (a cluster restored empty or from an old backup). Consumers
 * drop what they had already handled.
 */
export const relayRoutes =
  ({ db, store, categories, relay }: RelayRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/relay',
      {
        schema: {
          summary: 'Who publishes the log to Kafka, how far it got, and what waits',
          response: { 200: relayReportSchema },
        },
      },
      async () => relayReport(db, categories, relay),
    );

    app.post(
      '/admin/relay/republish',
      {
        schema: {
          summary: 'Publish the log to Kafka again from a position',
          body: republishBody,
          response: { 202: z.object({ from: position, unpublished: z.number() }) },
        },
      },
      async (request, reply) => {
        const { from, caseReference } = request.body;
        const to = from === 'start' ? START_OF_LOG : await positionBefore(db, from);
        if (!to) throw problem.notFound(`The log has no event at or after position ${from}.`);
        const order: LogRepublishOrdered = {
          fromTransactionId: to.transactionId,
          fromGlobalPosition: to.globalPosition,
          orderedBy: String(request.headers['x-operator']),
          caseReference,
          orderedAt: new Date().toISOString(),
        };
        await rewindSubscription(db, RELAY_SUBSCRIPTION, to, (tx) =>
          store.append(ORDERS_STREAM, [{ type: 'LogRepublishOrdered', data: order }], { tx }),
        );
        request.log.warn(
          { order },
          'relay rewound: the log is published to Kafka again from there',
        );
        const { events } = await unpublished(db, categories);
        return reply.code(202).send({ from: to, unpublished: events });
      },
    );
  };
