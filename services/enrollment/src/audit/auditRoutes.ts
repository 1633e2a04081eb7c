import { problemResponses } from '@digital-post/service-kit';
import { z } from 'zod';
import { registerDateOf } from '../registerFeed/registerEvent.ts';
import type { App, EnrollmentOperatorDeps } from '../operations/deps.ts';
import { subjectAnswer } from '../operations/schemas.ts';
import { runAudit } from './runAudit.ts';

const madeBySchema = z.object({
  eventId: z.string(),
  eventType: z.string(),
  at: z.string(),
  ruleVersion: z.string().nullable(),
  trigger: z.string().nullable(),
});

const differenceSchema = z.object({
  subject: subjectAnswer,
  recorded: z.object({ enrolled: z.boolean(), exempt: z.boolean() }),
  rules: z.union([
    z.object({ should: z.literal('enrolled'), cause: z.string() }),
    z.object({ should: z.literal('not_enrolled'), reason: z.string() }),
  ]),
  madeBy: madeBySchema.nullable(),
  heldChanges: z.number().int(),
  remedy: z.enum(['reenroll', 'apply-rules']).nullable(),
});

const auditAnswer = z.object({
  summary: z.object({
    today: z.string(),
    ruleVersion: z.string(),
    examined: z.number().int(),
    citizens: z.number().int(),
    companies: z.number().int(),
    differing: z.number().int(),
    missingEnrollments: z.number().int(),
    wrongEnrollments: z.number().int(),
    byExpectation: z.record(z.string(), z.number().int()),
    byRuleVersion: z.record(z.string(), z.number().int()),
    withHeldChanges: z.number().int(),
  }),
  differences: z.array(differenceSchema),
});

/**
 * GET, since it writes nothing: recompute the rules in force for every citizen and company and
 * list each mailbox whose enrollment differs, with the event that made it so.
 */
export const auditRoutes = (app: App, { db, rules, now }: EnrollmentOperatorDeps): void => {
  app.get(
    '/admin/enrollment/audit',
    {
      schema: {
        summary: 'Every mailbox whose enrollment differs from what the rules in force say',
        querystring: z.strictObject({}),
        response: { 200: auditAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async () => runAudit(db, rules, registerDateOf(now())),
  );
};
