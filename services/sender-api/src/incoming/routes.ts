import type { ContentStore } from '@digital-post/content-store';
import type { Database } from '@digital-post/event-store';
import { problemResponses, sendFile, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { decodeCursor } from '../feed/cursor.ts';
import { authorityOf } from '../http/authority.ts';
import { authorityMailboxId } from '../recipients.ts';
import { acknowledge } from './acknowledgement.ts';
import { acknowledgedBy, incomingAfter, incomingPageSchema } from './feed.ts';
import { incomingFile } from './files.ts';

export interface IncomingDeps {
  db: Database;
  content: Pick<ContentStore, 'getLetters' | 'getLetter' | 'getFile'>;
}

const cursorSchema = z.string().min(1).max(128);

const feedRoute =
  ({ db, content }: IncomingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/incoming',
      {
        schema: {
          summary: 'Letters written to the authority, in a stable order, with their content',
          querystring: z.strictObject({
            after: cursorSchema
              .optional()
              .describe(
                "The `next` of the previous page; without it, after this system's acknowledgement",
              ),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: incomingPageSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const { authorityId, systemId } = authorityOf(request);
        const mailboxId = authorityMailboxId(authorityId);
        const { after, limit } = request.query;
        const from =
          after === undefined ? await acknowledgedBy(db, mailboxId, systemId) : decodeCursor(after);
        return incomingAfter(db, content, mailboxId, from, limit);
      },
    );
  };

const acknowledgementRoute =
  ({ db }: IncomingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/incoming/acknowledgement',
      {
        schema: {
          summary: 'Confirm every letter up to a cursor is safe; fetching then resumes after it',
          body: z.strictObject({ cursor: cursorSchema }),
          response: {
            200: z.object({ acknowledged: z.string() }),
            ...problemResponses(400, 401, 409),
          },
        },
      },
      async (request) => {
        const { authorityId, systemId } = authorityOf(request);
        const { cursor } = request.body;
        const position = decodeCursor(cursor);
        await acknowledge(db, {
          authorityMailboxId: authorityMailboxId(authorityId),
          systemId,
          position,
        });
        return { acknowledged: cursor };
      },
    );
  };

const fileRoute =
  ({ db, content }: IncomingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/incoming/:messageUUID/files/:sha256',
      {
        schema: {
          summary: 'A file of a letter written to the authority',
          params: z.strictObject({
            messageUUID: z.uuid(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 digest'),
          }),
          response: {
            200: z.any().describe('The file, as its MIME type'),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const mailboxId = authorityMailboxId(authorityOf(request).authorityId);
        const { messageUUID, sha256 } = request.params;
        const file = await incomingFile(db, content, mailboxId, messageUUID.toLowerCase(), sha256);
        return sendFile(reply, file);
      },
    );
  };

/** The letters citizens, companies and other authorities wrote to the authority. */
export const incomingRoutes =
  (deps: IncomingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(feedRoute(deps));
    await app.register(acknowledgementRoute(deps));
    await app.register(fileRoute(deps));
  };
