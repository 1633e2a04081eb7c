import { problemResponses } from '@digital-post/service-kit';
import { z } from 'zod';
import type { App, EnrollmentOperatorDeps } from './deps.ts';
import { decideBreakerKey, decidePendingIds, heldChangesPage, heldGroups } from './heldChanges.ts';
import { asOperator } from './operatorAuth.ts';
import { caseReferenceSchema, MAX_SUBJECTS, subjectAnswer } from './schemas.ts';

const breakerKeySchema = z.string().min(1).max(300);
const statusSchema = z.enum(['open', 'approved', 'rejected']);

const listQuery = z.strictObject({
  breakerKey: breakerKeySchema.optional(),
  status: statusSchema.default('open'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.uuid().optional(),
});

const heldChangeSchema = z.object({
  pendingId: z.string(),
  subject: subjectAnswer,
  change: z.enum(['enroll', 'unenroll']),
  causeCode: z.string(),
  breakerKey: z.string(),
  trigger: z.string(),
  triggerId: z.string().nullable(),
  ruleVersion: z.string(),
  heldAt: z.string(),
  status: statusSchema,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

const listAnswer = z.object({
  status: statusSchema,
  groups: z.array(
    z.object({
      breakerKey: z.string(),
      count: z.number().int(),
      enroll: z.number().int(),
      unenroll: z.number().int(),
      firstHeldAt: z.string(),
      lastHeldAt: z.string(),
      trippedAt: z.string().nullable(),
    }),
  ),
  changes: z.array(heldChangeSchema),
  /** Pass as `after` for the next page; null on the last. */
  nextAfter: z.string().nullable(),
});

const decisionBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    breakerKey: breakerKeySchema.optional(),
    pendingIds: z.array(z.uuid()).min(1).max(MAX_SUBJECTS).optional(),
    caseReference: caseReferenceSchema,
  })
  .refine((body) => (body.breakerKey === undefined) !== (body.pendingIds === undefined), {
    message: 'name either a breakerKey or pendingIds, not both',
    path: ['breakerKey'],
  });

const decisionAnswer = z.object({
  decision: z.enum(['approve', 'reject']),
  approved: z.number().int(),
  rejected: z.number().int(),
  skipped: z.number().int(),
  skippedChanges: z.array(
    z.object({ pendingId: z.string(), rule: z.string(), detail: z.string() }),
  ),
});

const listRoute = (app: App, { db }: EnrollmentOperatorDeps): void => {
  app.get(
    '/admin/enrollment/held-changes',
    {
      schema: {
        summary: 'Changes the mass-change breaker held, counted by breaker key, and a page of them',
        querystring: listQuery,
        response: { 200: listAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, limit } = request.query;
      const breakerKey = request.query.breakerKey ?? null;
      const after = request.query.after ?? null;
      const [groups, changes] = await Promise.all([
        heldGroups(db, status, breakerKey),
        heldChangesPage(db, { status, breakerKey, after, limit }),
      ]);
      const nextAfter = changes.length === limit ? changes.at(-1)!.pendingId : null;
      return { status, groups, changes, nextAfter };
    },
  );
};

const decisionRoute = (app: App, { db, writer, now }: EnrollmentOperatorDeps): void => {
  app.post(
    '/admin/enrollment/held-changes/decision',
    {
      schema: {
        summary: 'Approve or reject held changes, by breaker key or by pending id',
        body: decisionBody,
        response: { 200: decisionAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { decision, breakerKey, pendingIds, caseReference } = request.body;
      const report = await asOperator(request, (decidedBy) => {
        const how = { decision, decidedBy, caseReference };
        return breakerKey !== undefined
          ? decideBreakerKey(db, writer, breakerKey, now().toISOString(), how)
          : decidePendingIds(db, writer, pendingIds!, how);
      });
      return {
        decision,
        approved: decision === 'approve' ? report.decided : 0,
        rejected: decision === 'reject' ? report.decided : 0,
        skipped: report.skipped.length,
        skippedChanges: report.skipped,
      };
    },
  );
};

export const heldChangeRoutes = (app: App, deps: EnrollmentOperatorDeps): void => {
  listRoute(app, deps);
  decisionRoute(app, deps);
};
