import type { Database } from '@digital-post/event-store';
import {
  isStorableText,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { boundSchema } from '../replay/logWindow.ts';
import { streamStateAt } from './streamState.ts';

const streamIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine(isStorableText, 'text the database can hold');

/** GET a stream's state at a moment (an ISO time or a log position; now when not said). */
export const stateRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/streams/:streamId/state',
      {
        schema: {
          summary: 'A stream as it stood at a moment, from its events up to then',
          params: z.strictObject({ streamId: streamIdSchema }),
          querystring: z.strictObject({ at: boundSchema.optional() }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) =>
        reply.send((await streamStateAt(db, request.params.streamId, request.query.at)) as never),
    );
  };
