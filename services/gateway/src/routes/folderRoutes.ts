import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { folderNameBody, folderParams, mailboxParams } from '../http/schemas.ts';

/** The folders the user makes: names are the user's own, checked for clashes. */
export const folderRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/mailboxes/:mailboxId/folders',
      {
        schema: {
          params: mailboxParams,
          body: folderNameBody,
          response: {
            201: z.object({ folderId: z.string() }),
            ...problemResponses(400, 401, 404, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const created = await deps.mailbox.createFolder(
          acting,
          request.params.mailboxId,
          request.body.name,
        );
        return reply.code(201).send(created);
      },
    );

    app.put(
      '/v1/mailboxes/:mailboxId/folders/:folderId/name',
      {
        schema: {
          params: folderParams,
          body: folderNameBody,
          response: { 204: z.null(), ...problemResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId, folderId } = request.params;
        await deps.mailbox.renameFolder(acting, mailboxId, folderId, request.body.name);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/v1/mailboxes/:mailboxId/folders/:folderId',
      {
        schema: {
          params: folderParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        await deps.mailbox.deleteFolder(acting, request.params.mailboxId, request.params.folderId);
        return reply.code(204).send(null);
      },
    );
  };
