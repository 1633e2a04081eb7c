import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { mailboxParams } from '../http/schemas.ts';

const mailboxSchema = z.object({
  mailboxId: z.string(),
  kind: z.enum(['cpr', 'cvr', 'authority']),
});
const folderSchema = z.object({
  folderId: z.string(),
  role: z.enum(['inbox', 'sent', 'archive', 'trash']).nullable(),
  name: z.string(),
  total: z.number().int(),
  unread: z.number().int(),
});
const refused = problemResponses(400, 401, 404);

/** The mailboxes the user may act for, and their folders with counts. */
export const mailboxRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/mailboxes',
      {
        schema: { response: { 200: z.object({ mailboxes: z.array(mailboxSchema) }), ...refused } },
      },
      async (request) => {
        const acting = await actingOf(request, deps);
        return { mailboxes: await deps.mailbox.listMailboxes(acting.person) };
      },
    );

    app.get(
      '/v1/mailboxes/:mailboxId/folders',
      {
        schema: {
          params: mailboxParams,
          response: { 200: z.object({ folders: z.array(folderSchema) }), ...refused },
        },
      },
      async (request) => {
        const acting = await actingOf(request, deps);
        return { folders: await deps.mailbox.listFolders(acting, request.params.mailboxId) };
      },
    );
  };
