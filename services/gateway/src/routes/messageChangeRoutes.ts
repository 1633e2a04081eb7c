import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { etagOf, optionalIfMatch, requiredIfMatch } from '../http/etag.ts';
import { messageParams, moveBody, versionResponse } from '../http/schemas.ts';

const changed = { 200: versionResponse, ...problemResponses(400, 401, 404, 409, 412, 422, 428) };

/**
 * Read, unread and move name the version the client saw (If-Match), so a change made in another
 * client meanwhile is never silently overwritten; delete takes If-Match when sent.
 */
export const messageChangeRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    for (const [path, change] of [
      ['read', 'markRead'],
      ['unread', 'markUnread'],
    ] as const) {
      app.post(
        `/v1/mailboxes/:mailboxId/messages/:messageId/${path}`,
        { schema: { params: messageParams, response: changed } },
        async (request, reply) => {
          const acting = await actingOf(request, deps);
          const { mailboxId, messageId } = request.params;
          const { version } = await deps.mailbox[change](
            acting,
            mailboxId,
            messageId,
            requiredIfMatch(request),
          );
          return reply.header('etag', etagOf(version)).send({ version });
        },
      );
    }

    app.post(
      '/v1/mailboxes/:mailboxId/messages/:messageId/move',
      { schema: { params: messageParams, body: moveBody, response: changed } },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId, messageId } = request.params;
        const expected = requiredIfMatch(request);
        const { version } = await deps.mailbox.move(
          acting,
          mailboxId,
          messageId,
          request.body.folderId,
          expected,
        );
        return reply.header('etag', etagOf(version)).send({ version });
      },
    );

    app.delete(
      '/v1/mailboxes/:mailboxId/messages/:messageId',
      {
        schema: {
          params: messageParams,
          response: { ...changed, 200: versionResponse.extend({ permanently: z.boolean() }) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId, messageId } = request.params;
        const outcome = await deps.mailbox.delete(
          acting,
          mailboxId,
          messageId,
          optionalIfMatch(request),
        );
        return reply.header('etag', etagOf(outcome.version)).send(outcome);
      },
    );
  };
