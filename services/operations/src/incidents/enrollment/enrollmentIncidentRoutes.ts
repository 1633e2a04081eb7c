import type { EnrollmentRedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { boundSchema } from '../../replay/logWindow.ts';
import { enrollmentIncidentCsv } from './enrollmentIncidentCsv.ts';
import { enrollmentIncidentHtml } from './enrollmentIncidentHtml.ts';
import { reconstructEnrollment } from './reconstructEnrollment.ts';

const incidentQuery = z.strictObject({
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  format: z.enum(['json', 'csv', 'html']).default('json'),
});

/**
 * GET an enrollment incident reconstructed over a window of the log: every change the rules in
 * force would not have made, with the letters that followed from it and the welcome letters
 * printed wrongly, counted by cause and by authority; or the changes alone as CSV; or a report
 * for people as one HTML page.
 */
export const enrollmentIncidentRoutes =
  (db: Database, redecision: EnrollmentRedecisionPort): FastifyPluginAsyncZod =>
  async (app) => {
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
        if (format === 'json') return reply.send(incident as never);
        if (format === 'html') {
          reply.header('content-type', 'text/html; charset=utf-8');
          return reply.send(enrollmentIncidentHtml(incident) as never);
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="enrollment-incident.csv"');
        return reply.send(enrollmentIncidentCsv(incident) as never);
      },
    );
  };
