import { caseReferenceSchema, instantSchema } from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import {
  operatorHeadersSchema,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { quietPeriodSchema, type QuietPeriod } from '../notices/quietHours.ts';
import { quietPeriodInForce, setQuietPeriod } from '../settings/quietPeriodSetting.ts';
import { failureReport } from './failures.ts';

export interface OperatorRouteDeps {
  db: Database;
  store: Pick<EventStore, 'append'>;
  /** The quiet period the service was configured with, in force until an operator sets one. */
  configured: QuietPeriod;
  now: () => Date;
}

const channel = z.enum(['email', 'sms']);
const quietPeriodView = z
  .object({
    from: z.string(),
    until: z.string(),
    timeZone: z.string(),
    setAt: z.iso.datetime().nullable(),
    caseReference: z.string().nullable(),
  })
  .meta({ id: 'SmsQuietPeriod' });
const quietPeriodInput = z
  .strictObject({ period: quietPeriodSchema, caseReference: caseReferenceSchema })
  .meta({ id: 'SmsQuietPeriodChange' });

const failureQuery = z.strictObject({
  since: instantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
const count = z.number().int();
const failureReportSchema = z
  .object({
    since: z.iso.datetime(),
    counts: z.array(z.object({ channel, failure: z.string(), count })),
    waiting: z.array(z.object({ channel, state: z.enum(['queued', 'handing_over']), count })),
    failed: z.array(
      z.object({
        noticeId: z.string(),
        mailboxId: z.string(),
        channel,
        reason: z.string(),
        failure: z.string(),
        attempts: count,
        failedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'NoticeFailureReport' });

const DAY_MS = 86_400_000;

/**
 * The operators' side of notices, under /admin/notification: the notices that failed (by channel
 * and why, and each of them) and what waits, and the SMS quiet period, read and set on a case.
 * Registered behind the platform's operator check, which sets `X-Operator`.
 */
export const notificationOperatorRoutes =
  (deps: OperatorRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const headers = operatorHeadersSchema;
    app.get(
      '/admin/notification/failures',
      {
        schema: {
          headers,
          querystring: failureQuery,
          response: { 200: failureReportSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const { since, limit } = request.query;
        const from = since ? new Date(since) : new Date(deps.now().getTime() - DAY_MS);
        return failureReport(deps.db, from, limit);
      },
    );
    app.get(
      '/admin/notification/quiet-period',
      { schema: { headers, response: { 200: quietPeriodView, ...problemResponses(401) } } },
      async () => quietPeriodInForce(deps.db, deps.configured),
    );
    app.put(
      '/admin/notification/quiet-period',
      {
        bodyLimit: 4 * 1024,
        schema: {
          headers,
          body: quietPeriodInput,
          response: { 200: quietPeriodView, ...problemResponses(400, 401, 413, 415) },
        },
      },
      async (request) =>
        setQuietPeriod(deps, { ...request.body, operatorId: request.headers['x-operator'] }),
    );
  };
