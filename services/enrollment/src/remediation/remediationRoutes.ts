import { randomUUID } from 'node:crypto';
import { countOutcomes, problemResponses } from '@digital-post/service-kit';
import { z } from 'zod';
import { operatorCause, type App, type EnrollmentOperatorDeps } from '../operations/deps.ts';
import { asOperator } from '../operations/operatorAuth.ts';
import { caseReferenceSchema, subjectAnswer, subjectsSchema } from '../operations/schemas.ts';
import { applyRulesTo, reenrollSubjects } from './remediation.ts';

const body = z.strictObject({ subjects: subjectsSchema, caseReference: caseReferenceSchema });

const skipped = z.object({
  subject: subjectAnswer,
  outcome: z.literal('skipped'),
  rule: z.string(),
  detail: z.string(),
});

const reenrollAnswer = z.object({
  commandId: z.string(),
  caseReference: z.string(),
  counts: z.object({ reenrolled: z.number(), held: z.number(), skipped: z.number() }),
  results: z.array(
    z.union([
      z.object({ subject: subjectAnswer, outcome: z.enum(['reenrolled', 'held']) }),
      skipped,
    ]),
  ),
});

const applyRulesAnswer = z.object({
  commandId: z.string(),
  caseReference: z.string(),
  counts: z.object({
    changed: z.number(),
    held: z.number(),
    unchanged: z.number(),
    skipped: z.number(),
  }),
  results: z.array(
    z.union([
      z.object({
        subject: subjectAnswer,
        outcome: z.enum(['changed', 'held', 'unchanged']),
        enrolled: z.boolean(),
      }),
      skipped,
    ]),
  ),
});

const errors = problemResponses(400, 401, 403);

const reenrollRoute = (app: App, deps: EnrollmentOperatorDeps): void => {
  app.post(
    '/admin/enrollment/remediations/reenroll',
    {
      schema: {
        summary: 'Restore enrollments ended in error, without a welcome letter',
        body,
        response: { 200: reenrollAnswer, ...errors },
      },
    },
    async (request) => {
      const { subjects, caseReference } = request.body;
      const commandId = randomUUID();
      const results = await asOperator(request, () =>
        reenrollSubjects(deps, subjects, operatorCause(commandId, caseReference)),
      );
      const counts = countOutcomes(['reenrolled', 'held', 'skipped'], results);
      return { commandId, caseReference, counts, results };
    },
  );
};

const applyRulesRoute = (app: App, deps: EnrollmentOperatorDeps): void => {
  app.post(
    '/admin/enrollment/remediations/apply-rules',
    {
      schema: {
        summary: 'Let the rules in force decide again for these subjects, under a case',
        body,
        response: { 200: applyRulesAnswer, ...errors },
      },
    },
    async (request) => {
      const { subjects, caseReference } = request.body;
      const commandId = randomUUID();
      const results = await asOperator(request, () =>
        applyRulesTo(deps, subjects, operatorCause(commandId, caseReference)),
      );
      const counts = countOutcomes(['changed', 'held', 'unchanged', 'skipped'], results);
      return { commandId, caseReference, counts, results };
    },
  );
};

export const remediationRoutes = (app: App, deps: EnrollmentOperatorDeps): void => {
  reenrollRoute(app, deps);
  applyRulesRoute(app, deps);
};
