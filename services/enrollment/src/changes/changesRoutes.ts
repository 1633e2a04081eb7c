import { Readable } from 'node:stream';
import type { SqlExecutor } from '@digital-post/event-store';
import { problemResponses } from '@digital-post/service-kit';
import { z } from 'zod';
import type { App, EnrollmentOperatorDeps } from '../operations/deps.ts';
import { instantSchema, subjectAnswer } from '../operations/schemas.ts';
import { changeGroups, changeRecords, CSV_COLUMNS, type ChangeWindow } from './changeWindow.ts';
import { csvRecord } from '@digital-post/service-kit';

/** A year and a day: a leap year fits, a window that would read everything ever does not. */
export const MAX_WINDOW_DAYS = 366;
const DAY_MS = 86_400_000;

const windowQuery = z
  .strictObject({
    from: instantSchema,
    to: instantSchema,
    format: z.enum(['json', 'csv']).default('json'),
  })
  .superRefine(({ from, to }, context) => {
    const length = Date.parse(to) - Date.parse(from);
    if (length <= 0) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    } else if (length > MAX_WINDOW_DAYS * DAY_MS) {
      const message = `the window is at most ${MAX_WINDOW_DAYS} days`;
      context.addIssue({ code: 'custom', path: ['to'], message });
    }
  });

const groupsAnswer = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  groups: z.array(
    z.object({
      change: z.string(),
      cause: z.string().nullable(),
      ruleVersion: z.string().nullable(),
      trigger: z.string(),
      count: z.number().int(),
      firstEnrollments: z.number().int(),
      subjects: z.array(subjectAnswer),
    }),
  ),
});

async function* csvOf(db: SqlExecutor, window: ChangeWindow): AsyncGenerator<string> {
  yield csvRecord(CSV_COLUMNS);
  for await (const values of changeRecords(db, window)) yield csvRecord(values);
}

const fileNameOf = ({ from, to }: ChangeWindow): string =>
  `enrollment-changes_${from}_${to}.csv`.replaceAll(':', '');

/**
 * GET the changes in [from, to): JSON counts by change, cause, rule version and trigger, with
 * the subjects of each group; or `format=csv`, every change one row, streamed page by page.
 */
export const changesRoutes = (app: App, { db }: EnrollmentOperatorDeps): void => {
  app.get(
    '/admin/enrollment/changes',
    {
      schema: {
        summary: 'Enrollment changes in a window: grouped (JSON) or one row each (CSV)',
        querystring: windowQuery,
        response: { 200: groupsAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const window = {
        from: new Date(request.query.from).toISOString(),
        to: new Date(request.query.to).toISOString(),
      };
      if (request.query.format === 'csv') {
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${fileNameOf(window)}"`);
        // Fastify sends a stream as it is; the schema describes the JSON answer only.
        return reply.send(Readable.from(csvOf(db, window)) as never);
      }
      const groups = await changeGroups(db, window);
      const total = groups.reduce((sum, group) => sum + group.count, 0);
      return { ...window, total, groups };
    },
  );
};
