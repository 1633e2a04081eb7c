import { consumerStates, type EventBus } from '@digital-post/bus';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { consumersReport } from './consumerReport.ts';

const consumersSchema = z.object({
  consumers: z.array(
    z.object({
      groupId: z.string(),
      state: z.enum(consumerStates),
      reason: z.string().optional(),
      behind: z
        .object({
          events: z.number(),
          oldestRecordedAt: z.string().nullable(),
          ageSeconds: z.number().nullable(),
        })
        .nullable(),
    }),
  ),
  lagUnknown: z.string().optional(),
});

/** For operators: each consumer group of this process, whether it runs and how far behind it is. */
export const consumerRoutes =
  (bus: EventBus): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/consumers',
      {
        schema: {
          summary: "This process's consumer groups: state, events behind and the oldest's age",
          response: { 200: consumersSchema },
        },
      },
      async () => consumersReport(bus),
    );
  };
