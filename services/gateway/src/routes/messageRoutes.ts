import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { etagOf } from '../http/etag.ts';
import { listQuery, mailboxParams, messageParams } from '../http/schemas.ts';

const summarySchema = z.object({
  messageId: z.string(),
  threadId: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  folderId: z.string(),
  read: z.boolean(),
  senderId: z.string().nullable(),
  recipientId: z.string().nullable(),
  legalNotification: z.boolean(),
  replyAllowed: z.boolean(),
  receivedAt: z.string(),
  version: z.number().int(),
  title: z.string().nullable(),
});

const pageSchema = z.object({
  messages: z.array(summarySchema),
  nextCursor: z.string().nullable(),
  state: z.string(),
});

type Page = z.infer<typeof pageSchema>;

/**
 * Each page written once: the mailbox answers a mailbox listed again unchanged with the very page
 * it answered before (kept in its memory), so checking and writing it again would give the same
 * text. Held only as long as the page itself is.
 */
const written = new WeakMap<Page, string>();
const writtenOnce = (page: Page): string => {
  let body = written.get(page);
  if (body === undefined) {
    body = JSON.stringify(pageSchema.parse(page));
    written.set(page, body);
  }
  return body;
};

/** The letter content is the content store's shape, passed on as it is. */
const openedSchema = summarySchema.extend({ content: z.looseObject({}).nullable() });

/** Listing, and opening (logged). */
export const messageRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/mailboxes/:mailboxId/messages',
      {
        schema: {
          params: mailboxParams,
          querystring: listQuery,
          response: { 200: pageSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { folder, unreadOnly, cursor, limit } = request.query;
        const page = await deps.mailbox.listMessages(acting, request.params.mailboxId, {
          folderId: folder,
          unreadOnly,
          cursor,
          limit,
        });
        const body = writtenOnce(page);
        // This page only: anything else sent on this reply (a failure after it) is written plainly.
        // A reply with a serializer of its own is not typed as JSON by fastify: said here.
        reply
          .type('application/json; charset=utf-8')
          .serializer((payload) => (payload === page ? body : JSON.stringify(payload)));
        return page;
      },
    );

    app.get(
      '/v1/mailboxes/:mailboxId/messages/:messageId',
      {
        schema: {
          params: messageParams,
          response: { 200: openedSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId, messageId } = request.params;
        const { letter, content } = await deps.mailbox.openMessage(acting, mailboxId, messageId);
        reply.header('etag', etagOf(letter.version)).header('cache-control', 'no-store');
        return { ...letter, content: content as Record<string, unknown> | null };
      },
    );
  };
