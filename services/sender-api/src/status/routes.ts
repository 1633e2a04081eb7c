import type { Database } from '@digital-post/event-store';
import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { authorityOf } from '../http/authority.ts';
import { authorityMailboxId } from '../recipients.ts';
import { messageStatusOf, messageStatusSchema } from './statusQuery.ts';

export const statusRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/messages/:messageUUID',
      {
        schema: {
          summary: "A letter's status with its timestamped history",
          params: z.strictObject({ messageUUID: z.uuid() }),
          response: { 200: messageStatusSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const sender = authorityMailboxId(authorityOf(request).authorityId);
        const messageId = request.params.messageUUID.toLowerCase();
        const status = await messageStatusOf(db, sender, messageId);
        // Another authority's letter answers exactly as a letter that does not exist.
        if (!status) throw problem.notFound('No such message.');
        return status;
      },
    );
  };
