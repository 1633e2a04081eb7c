import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { auditRoutes } from '../audit/auditRoutes.ts';
import { changesRoutes } from '../changes/changesRoutes.ts';
import { remediationRoutes } from '../remediation/remediationRoutes.ts';
import type { EnrollmentOperatorDeps } from './deps.ts';
import { exemptionRoutes } from './exemptionRoutes.ts';
import { heldChangeRoutes } from './heldChangeRoutes.ts';
import { requireOperator } from './operatorAuth.ts';
import { registerFeedRoutes } from './registerFeedRoutes.ts';

/**
 * The operators' side of enrollment, under /admin/enrollment: exemptions, the changes the
 * mass-change breaker held, the audit of every mailbox against the rules, remediation, the
 * changes of a time window, and the register feed's status. Operator tokens only; every write
 * names its case and records the operator as its actor. Register it without a prefix.
 */
export const enrollmentOperatorRoutes =
  (deps: EnrollmentOperatorDeps): FastifyPluginAsyncZod =>
  async (app) => {
    requireOperator(app, deps.verifier);
    exemptionRoutes(app, deps);
    heldChangeRoutes(app, deps);
    auditRoutes(app, deps);
    remediationRoutes(app, deps);
    changesRoutes(app, deps);
    registerFeedRoutes(app, deps);
  };

export type { EnrollmentOperatorDeps } from './deps.ts';
export { runAudit, type AuditReport } from '../audit/runAudit.ts';
export type { AuditDifference, AuditSummary } from '../audit/auditRules.ts';
