import type { Database } from '@digital-post/event-store';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { listRefusedAccess } from './refusedAccess.ts';

/** For operators (behind operator tokens): who keeps trying mailboxes that are not theirs. */
export const refusedAccessRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/mailboxes/refused-access',
      {
        schema: {
          summary: 'People and viewing clients refused a mailbox, most attempts first',
          querystring: z.strictObject({
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: {
            200: z.object({
              refused: z.array(
                z.object({
                  actorId: z.string(),
                  viewingClient: z.string(),
                  attempts: z.number().int(),
                  firstAt: z.string(),
                  lastAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({ refused: await listRefusedAccess(db, request.query.limit) }),
    );
  };
