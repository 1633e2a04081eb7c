import type { Draft } from '@digital-post/contracts';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { mailboxParams, messageParams, replyBody, writeBody } from '../http/schemas.ts';

const written = {
  201: z.object({ messageId: z.string(), threadId: z.string() }),
  ...problemResponses(400, 401, 404, 409, 413, 422),
};

/** Attachments come base64-encoded in JSON; this is room for a few of them. */
const WRITING_BODY_LIMIT = 16 * 1024 * 1024;

const draftOf = (body: z.infer<typeof replyBody>): Draft => ({
  title: body.title,
  text: body.text,
  attachments: body.attachments.map((file) => ({
    name: file.name,
    mimeType: file.mimeType,
    bytes: Buffer.from(file.contentBase64, 'base64'),
  })),
});

/** Citizens and companies write to authorities, and answer letters that allow it. */
export const writingRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/mailboxes/:mailboxId/messages',
      {
        bodyLimit: WRITING_BODY_LIMIT,
        schema: { params: mailboxParams, body: writeBody, response: written },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId } = request.params;
        const { authorityId } = request.body.to;
        const sent = await deps.mailbox.writeMessage(
          acting,
          mailboxId,
          authorityId,
          draftOf(request.body),
        );
        return reply.code(201).send(sent);
      },
    );

    app.post(
      '/v1/mailboxes/:mailboxId/messages/:messageId/replies',
      {
        bodyLimit: WRITING_BODY_LIMIT,
        schema: { params: messageParams, body: replyBody, response: written },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId, messageId } = request.params;
        const sent = await deps.mailbox.reply(acting, mailboxId, messageId, draftOf(request.body));
        return reply.code(201).send(sent);
      },
    );
  };
