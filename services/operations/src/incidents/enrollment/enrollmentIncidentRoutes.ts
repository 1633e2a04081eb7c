import type { EnrollmentRedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { backgroundJobs } from '../jobs/backgroundJobs.ts';
import { jobRoutes } from '../jobs/jobRoutes.ts';
import { incidentQuery, replyWithReport, type ReportFormats } from '../report/reportReply.ts';
import { enrollmentIncidentCsv } from './enrollmentIncidentCsv.ts';
import { enrollmentIncidentHtml } from './enrollmentIncidentHtml.ts';
import { reconstructEnrollment, type EnrollmentIncident } from './reconstructEnrollment.ts';

const formats: ReportFormats<EnrollmentIncident> = {
  csv: enrollmentIncidentCsv,
  html: enrollmentIncidentHtml,
  filename: 'enrollment-incident.csv',
};

/**
 * GET an enrollment incident reconstructed over a window of the log: every change the rules in
 * force would not have made, with the letters that followed from it and the welcome letters
 * printed wrongly, counted by cause and by authority; or the changes alone as CSV; or a report
 * for people as one HTML page. The same in the background under `/jobs`, with its progress.
 */
export const enrollmentIncidentRoutes =
  (db: Database, redecision: EnrollmentRedecisionPort): FastifyPluginAsyncZod =>
  async (app) => {
    const jobs = backgroundJobs((window, onProgress) =>
      reconstructEnrollment(db, redecision, window, { onProgress }),
    );
    jobRoutes(app, '/admin/incidents/enrollment', jobs, formats);
    app.get(
      '/admin/incidents/enrollment',
      {
        schema: {
          summary: 'Enrollment changes in a window that the rules in force would not have made',
          querystring: incidentQuery,
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const { from, to, format } = request.query;
        const incident = await reconstructEnrollment(db, redecision, { from, to });
        return replyWithReport(reply, format, incident, formats);
      },
    );
  };
