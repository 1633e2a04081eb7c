import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { boundSchema } from '../../replay/logWindow.ts';
import { replyWithReport, reportFormat, type ReportFormats } from '../report/reportReply.ts';
import type { BackgroundJobs } from './backgroundJobs.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/**
 * A reconstruction in the background: POST `<path>/jobs` starts it (202, where to follow it),
 * GET `<path>/jobs/:jobId` shows its progress (read so far, share of the window, rate, time
 * left) and, once done, the result, in any of the report's formats.
 */
export const jobRoutes = <Incident>(
  app: App,
  path: string,
  jobs: BackgroundJobs<Incident>,
  formats: ReportFormats<Incident>,
) => {
  app.post(
    `${path}/jobs`,
    {
      schema: {
        summary: 'Start a reconstruction in the background',
        body: z.strictObject({ from: boundSchema.optional(), to: boundSchema.optional() }),
        response: { 202: z.looseObject({ jobId: z.uuid() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const job = jobs.start(request.body);
      reply.code(202).header('location', `${path}/jobs/${job.jobId}`);
      return reply.send(job as never);
    },
  );
  app.get(
    `${path}/jobs/:jobId`,
    {
      schema: {
        summary: "A background reconstruction's progress, and its result once done",
        params: z.strictObject({ jobId: z.uuid() }),
        querystring: z.strictObject({ format: reportFormat }),
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.jobId);
      if (!job) throw problem.notFound(`No reconstruction ${request.params.jobId} is kept here.`);
      const { format } = request.query;
      if (format === 'json') return reply.send(job as never);
      if (job.state !== 'done') {
        throw problem.conflict(`Reconstruction ${job.jobId} is ${job.state}: no report yet.`);
      }
      return replyWithReport(reply, format, job.incident!, formats);
    },
  );
};
