import { problem, problemResponses } from '@digital-post/service-kit';
import { z } from 'zod';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import type { App, EnrollmentOperatorDeps } from './deps.ts';
import { asOperator } from './operatorAuth.ts';
import { calendarDateSchema, isoOf } from './schemas.ts';

/**
 * How the register feed and the daily run are doing: the lines the feed passed over (a line
 * that was no event, or contradicted the register's own history) and a day change on demand.
 */
const rejectionsQuery = z.strictObject({
  batchId: z.string().min(1).max(300).optional(),
  feed: z.string().min(1).max(300).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const rejectionsAnswer = z.object({
  total: z.number().int(),
  rejections: z.array(
    z.object({
      feed: z.string(),
      batchId: z.string(),
      lineNumber: z.number().int(),
      registerEventId: z.string().nullable(),
      rule: z.string(),
      detail: z.string(),
      rejectedAt: z.string(),
    }),
  ),
});

interface RejectionRow {
  feed: string;
  batch_id: string;
  line_number: number;
  register_event_id: string | null;
  rule: string;
  detail: string;
  rejected_at: unknown;
  total: number;
}

const rejectionsRoute = (app: App, { db }: EnrollmentOperatorDeps): void => {
  app.get(
    '/admin/enrollment/register-rejections',
    {
      schema: {
        summary: 'Register lines the feed rejected, by feed, batch and line number',
        querystring: rejectionsQuery,
        response: { 200: rejectionsAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { batchId, feed, limit, offset } = request.query;
      const filter = `where ($1::text is null or batch_id = $1) and ($2::text is null or feed = $2)`;
      const params = [batchId ?? null, feed ?? null];
      const [rows, counted] = await Promise.all([
        db.query<RejectionRow>(
          `select feed, batch_id, line_number, register_event_id, rule, detail, rejected_at
             from enrollment.register_rejections ${filter}
            order by feed, batch_id, line_number limit $3 offset $4`,
          [...params, limit, offset],
        ),
        db.query<{ total: number }>(
          `select count(*)::int as total from enrollment.register_rejections ${filter}`,
          params,
        ),
      ]);
      return {
        total: Number(counted[0]?.total ?? 0),
        rejections: rows.map((row) => ({
          feed: row.feed,
          batchId: row.batch_id,
          lineNumber: Number(row.line_number),
          registerEventId: row.register_event_id,
          rule: row.rule,
          detail: row.detail,
          rejectedAt: isoOf(row.rejected_at),
        })),
      };
    },
  );
};

const dayChangeAnswer = z.object({
  runDate: z.string(),
  considered: z.number().int(),
  changed: z.number().int(),
  held: z.number().int(),
  exemptionsEnded: z.number().int(),
});

const dayChangeRoute = (app: App, { runDayChange, now }: EnrollmentOperatorDeps): void => {
  app.post(
    '/admin/enrollment/day-change',
    {
      schema: {
        summary: 'Run the day change (who turned 15) for a day, today or before',
        body: z.strictObject({ runDate: calendarDateSchema }),
        response: { 200: dayChangeAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { runDate } = request.body;
      const today = registerDateOf(now());
      if (runDate > today) {
        throw problem.validation(
          [{ location: 'body', pointer: '/runDate', message: `is after today (${today})` }],
          'Invalid request body.',
        );
      }
      return asOperator(request, () => runDayChange(runDate));
    },
  );
};

export const registerFeedRoutes = (app: App, deps: EnrollmentOperatorDeps): void => {
  rejectionsRoute(app, deps);
  dayChangeRoute(app, deps);
};
