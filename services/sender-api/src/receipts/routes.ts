import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { authorityOf } from '../http/authority.ts';
import { authorityMailboxId } from '../recipients.ts';
import { decodeCursor } from '../feed/cursor.ts';
import { receiptsAfter, receiptsPageSchema } from './feed.ts';

export const receiptRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/receipts',
      {
        schema: {
          summary: "Every status change of the authority's letters, in a stable order",
          querystring: z.strictObject({
            after: z.string().max(128).optional().describe('The `next` of the previous page'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: receiptsPageSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const sender = authorityMailboxId(authorityOf(request).authorityId);
        const { after, limit } = request.query;
        return receiptsAfter(db, sender, decodeCursor(after), limit);
      },
    );
  };
