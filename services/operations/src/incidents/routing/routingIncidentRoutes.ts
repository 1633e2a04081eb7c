import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { boundSchema } from '../../replay/logWindow.ts';
import { incidentCsv } from './incidentCsv.ts';
import { incidentHtml } from './incidentHtml.ts';
import { reconstructRouting } from './reconstructRouting.ts';
import { reconstructionJobs, type ReconstructionJobs } from './reconstructionJobs.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/**
 * The same reconstruction in the background: POST starts it (202, where to follow it), GET shows
 * its progress (decisions read, share of the window, rate, time left) and, once done, the result.
 */
const jobRoutes = (app: App, jobs: ReconstructionJobs) => {
  app.post(
    '/admin/incidents/routing/jobs',
    {
      schema: {
        summary: 'Start reconstructing a routing incident in the background',
        body: z.strictObject({ from: boundSchema.optional(), to: boundSchema.optional() }),
        response: { 202: z.looseObject({ jobId: z.uuid() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const job = jobs.start(request.body);
      reply.code(202).header('location', `/admin/incidents/routing/jobs/${job.jobId}`);
      return reply.send(job as never);
    },
  );
  app.get(
    '/admin/incidents/routing/jobs/:jobId',
    {
      schema: {
        summary: "A background reconstruction's progress, and its result once done",
        params: z.strictObject({ jobId: z.uuid() }),
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.jobId);
      if (!job) throw problem.notFound(`No reconstruction ${request.params.jobId} is kept here.`);
      return reply.send(job as never);
    },
  );
};

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
    jobRoutes(app, reconstructionJobs(db, redecision));
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
