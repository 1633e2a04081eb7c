import { problemResponses, sendFile, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { fileParams } from '../http/schemas.ts';

/** A document file of a letter, only through a letter in the mailbox that refers to it. */
export const fileRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/mailboxes/:mailboxId/messages/:messageId/files/:sha256',
      {
        schema: {
          params: fileParams,
          response: {
            200: z.any().describe('The file, as its MIME type'),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId, messageId, sha256 } = request.params;
        const file = await deps.mailbox.getFile(acting, mailboxId, messageId, sha256);
        return sendFile(reply, file);
      },
    );
  };
