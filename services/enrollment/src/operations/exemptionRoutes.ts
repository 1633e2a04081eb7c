import { randomUUID } from 'node:crypto';
import { problem, problemResponses } from '@digital-post/service-kit';
import { z } from 'zod';
import { operatorCause, type App, type EnrollmentOperatorDeps } from './deps.ts';
import { asOperator } from './operatorAuth.ts';
import {
  caseReferenceSchema,
  instantSchema,
  referenceIdSchema,
  subjectAnswer,
  subjectSchema,
} from './schemas.ts';

/**
 * fritagelse: an authority exempts a citizen or company from Digital Post, and paper post
 * follows. An exemption stands whatever else changes (register events, new rule versions), so
 * a subject the registers never reported can be exempted too.
 */
const grantBody = z.strictObject({
  subject: subjectSchema,
  exemptionId: referenceIdSchema.optional(),
  /** The deciding authority. */
  grantedBy: referenceIdSchema,
  validUntil: instantSchema.nullable().optional(),
  caseReference: caseReferenceSchema,
});

const endBody = z.strictObject({
  subject: subjectSchema,
  reason: z.enum(['withdrawn_by_citizen', 'expired', 'revoked_by_authority']),
  caseReference: caseReferenceSchema,
});

const answer = z.object({
  commandId: z.string(),
  subject: subjectAnswer,
  exemptionId: z.string().nullable(),
  enrolled: z.boolean(),
  exempt: z.boolean(),
});

const errors = problemResponses(400, 401, 403, 409, 422);

const futureInstant = (value: string | null | undefined, now: Date): string | null => {
  if (value === null || value === undefined) return null;
  const instant = new Date(value);
  if (instant.getTime() <= now.getTime()) {
    throw problem.validation(
      [{ location: 'body', pointer: '/validUntil', message: 'must be in the future' }],
      'Invalid request body.',
    );
  }
  return instant.toISOString();
};

const grantRoute = (app: App, { db, writer, now }: EnrollmentOperatorDeps): void => {
  app.post(
    '/admin/enrollment/exemptions',
    {
      schema: {
        summary: 'Exempt a citizen or company (fritagelse): paper post instead of Digital Post',
        body: grantBody,
        response: { 201: answer, ...errors },
      },
    },
    async (request, reply) => {
      const { subject, grantedBy, caseReference } = request.body;
      const validUntil = futureInstant(request.body.validUntil, now());
      const exemptionId = request.body.exemptionId ?? randomUUID();
      const commandId = randomUUID();
      const record = await asOperator(request, () =>
        db.transaction((tx) =>
          writer.grantExemption(
            tx,
            subject,
            { exemptionId, grantedBy, validUntil },
            operatorCause(commandId, caseReference),
          ),
        ),
      );
      reply.code(201);
      const { enrolled, exemption } = record.state;
      return { commandId, subject, exemptionId, enrolled, exempt: exemption !== null };
    },
  );
};

const endRoute = (app: App, { db, writer }: EnrollmentOperatorDeps): void => {
  app.post(
    '/admin/enrollment/exemptions/end',
    {
      schema: {
        summary: 'End an exemption; enrollment resumes where the rules say so',
        body: endBody,
        response: { 200: answer, ...errors },
      },
    },
    async (request) => {
      const { subject, reason, caseReference } = request.body;
      const commandId = randomUUID();
      // Withdrawn by the citizen is the citizen's own request, brought by the operator.
      const trigger = reason === 'withdrawn_by_citizen' ? 'own_request' : 'operator_command';
      const record = await asOperator(request, () =>
        db.transaction((tx) =>
          writer.endExemption(
            tx,
            subject,
            reason,
            operatorCause(commandId, caseReference, trigger),
          ),
        ),
      );
      const { enrolled, exemption } = record.state;
      return {
        commandId,
        subject,
        exemptionId: exemption?.exemptionId ?? null,
        enrolled,
        exempt: exemption !== null,
      };
    },
  );
};

export const exemptionRoutes = (app: App, deps: EnrollmentOperatorDeps): void => {
  grantRoute(app, deps);
  endRoute(app, deps);
};
