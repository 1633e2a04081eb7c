import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { boundSchema } from '../../replay/logWindow.ts';
import { incidentCsv } from './incidentCsv.ts';
import { incidentHtml } from './incidentHtml.ts';
import { reconstructRouting } from './reconstructRouting.ts';

const incidentQuery = z.strictObject({
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  format: z.enum(['json', 'csv', 'html']).default('json'),
});

/**
 * GET a routing incident reconstructed over a window of the log: every letter the trusted
 * release would have routed otherwise, with what became of it, and the counts by sender and
 * by wrong recipient; or the letters alone as CSV; or a report for people as one HTML page.
 */
export const routingIncidentRoutes =
  (db: Database, redecision: RedecisionPort): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/incidents/routing',
      {
        schema: {
          summary: 'Letters routed in a window that the trusted release would route otherwise',
          querystring: incidentQuery,
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const { from, to, format } = request.query;
        const incident = await reconstructRouting(db, redecision, { from, to });
        // Three media types: the schema describes the problems only.
        if (format === 'json') return reply.send(incident as never);
        if (format === 'html') {
          reply.header('content-type', 'text/html; charset=utf-8');
          return reply.send(incidentHtml(incident) as never);
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="routing-incident.csv"');
        return reply.send(incidentCsv(incident) as never);
      },
    );
  };
