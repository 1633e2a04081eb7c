import type { TokenVerifier } from '@digital-post/auth';
import type { Database } from '@digital-post/event-store';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { DayChangeOutcome } from '../dayChange/dayChange.ts';
import type { ChangeCause, EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import type { EnrollmentRules } from '../rules/rules.ts';

export interface EnrollmentOperatorDeps {
  db: Database;
  writer: EnrollmentWriter;
  rules: EnrollmentRules;
  now: () => Date;
  runDayChange(runDate: string): Promise<DayChangeOutcome>;
  /** Verifies the bearer tokens of the operations front; only operator tokens are let through. */
  verifier: TokenVerifier;
}

export type App = Parameters<FastifyPluginAsyncZod>[0];

/**
 * What an operator's command records as its cause: the command's own id as trigger id and
 * breaker group, so everything one command changed can be found, and held, together.
 */
export const operatorCause = (
  commandId: string,
  caseReference: string,
  trigger: 'operator_command' | 'own_request' = 'operator_command',
): ChangeCause => ({
  trigger,
  triggerId: commandId,
  caseReference,
  group: `operator:${commandId}`,
});
