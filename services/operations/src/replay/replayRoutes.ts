import { Readable } from 'node:stream';
import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { replayLines } from './formats.ts';
import { boundSchema, logWindowSchema, type LogWindow } from './logWindow.ts';
import { replayLog } from './replayLog.ts';

/** A query parameter given once arrives as a string, given again as an array. */
const repeated = (schema: z.ZodType<string[] | undefined>) =>
  z.preprocess((value) => (typeof value === 'string' ? [value] : value), schema);

const names = logWindowSchema.shape.categories;

const replayQuery = z.strictObject({
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  category: repeated(names),
  type: repeated(names),
  stream: repeated(names),
  sender: repeated(names),
  mailbox: repeated(names),
  ruleVersion: repeated(names),
  release: repeated(names),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
});

type ReplayQuery = z.infer<typeof replayQuery>;

const windowOf = (query: ReplayQuery): LogWindow => ({
  from: query.from,
  to: query.to,
  categories: query.category,
  types: query.type,
  streams: query.stream,
  senders: query.sender,
  mailboxes: query.mailbox,
  ruleVersions: query.ruleVersion,
  releases: query.release,
});

/**
 * GET a window of the log, filtered, streamed a page at a time: NDJSON (an event a line) or
 * CSV. Lists repeat their parameter (`category=message&category=routing`).
 */
export const replayRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/log',
      {
        schema: {
          summary: 'A window of the event log, filtered, as NDJSON or CSV',
          querystring: replayQuery,
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        reply.header(
          'content-type',
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        );
        reply.header('content-disposition', `attachment; filename="log.${format}"`);
        // Fastify sends a stream as it is; the schema describes the problems only.
        const lines = replayLines(replayLog(db, windowOf(request.query)), format);
        return reply.send(Readable.from(lines) as never);
      },
    );
  };
