import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { backgroundJobs } from '../jobs/backgroundJobs.ts';
import { jobRoutes } from '../jobs/jobRoutes.ts';
import { incidentQuery, replyWithReport, type ReportFormats } from '../report/reportReply.ts';
import { incidentCsv } from './incidentCsv.ts';
import { incidentHtml } from './incidentHtml.ts';
import { reconstructRouting, type RoutingIncident } from './reconstructRouting.ts';

const formats: ReportFormats<RoutingIncident> = {
  csv: incidentCsv,
  html: incidentHtml,
  filename: 'routing-incident.csv',
};

/**
 * GET a routing incident reconstructed over a window of the log: every letter the trusted
 * release would have routed otherwise, with what became of it, and the counts by sender and
 * by wrong recipient; or the letters alone as CSV; or a report for people as one HTML page.
 * The same in the background under `/jobs`, with its progress.
 */
export const routingIncidentRoutes =
  (db: Database, redecision: RedecisionPort): FastifyPluginAsyncZod =>
  async (app) => {
    const jobs = backgroundJobs((window, onProgress) =>
      reconstructRouting(db, redecision, window, { onProgress }),
    );
    jobRoutes(app, '/admin/incidents/routing', jobs, formats);
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
        return replyWithReport(reply, format, incident, formats);
      },
    );
  };
