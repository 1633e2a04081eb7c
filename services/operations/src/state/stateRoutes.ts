import type { Database } from '@digital-post/event-store';
import {
  isStorableText,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { boundSchema } from '../replay/logWindow.ts';
import {
  replyWithReport,
  reportFormat,
  type ReportFormats,
} from '../incidents/report/reportReply.ts';
import { streamStateAt, type StreamState } from './streamState.ts';
import { streamStateCsv, streamStateHtml } from './streamStateReport.ts';

const formats: ReportFormats<StreamState> = {
  csv: streamStateCsv,
  html: streamStateHtml,
  filename: 'stream-state.csv',
};

const streamIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine(isStorableText, 'text the database can hold');

/**
 * GET a stream's state at a moment (an ISO time or a log position; now when not said), as JSON,
 * as CSV (a field a line) or as one HTML page.
 */
export const stateRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/streams/:streamId/state',
      {
        schema: {
          summary: 'A stream as it stood at a moment, from its events up to then',
          params: z.strictObject({ streamId: streamIdSchema }),
          querystring: z.strictObject({ at: boundSchema.optional(), format: reportFormat }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const { at, format } = request.query;
        const state = await streamStateAt(db, request.params.streamId, at);
        return replyWithReport(reply, format, state, formats);
      },
    );
  };
