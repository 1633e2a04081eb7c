import type { Subject } from '@digital-post/contracts';
import {
  planEnrollmentRemediation,
  type EnrollmentRemediationResult,
} from '../remediation/enrollmentRemediationPlan.ts';
import {
  enrollmentRemediationCsv,
  enrollmentRemediationHtml,
} from '../remediation/enrollmentRemediationReport.ts';
import {
  enrollmentIncidentOf,
  type EnrollmentCommand,
  type EnrollmentSource,
} from './enrollmentCommand.ts';
import { writeReport } from './writeReport.ts';
import { answerOf, type ApiSource } from './operatorApi.ts';

export interface EnrollmentRemediateCommand extends EnrollmentCommand {
  caseReference: string;
  execute: boolean;
  /** The enrollment service's operations front; the operator API's when not given. */
  enrollmentApi?: ApiSource;
}

const SUBJECTS_PER_CALL = 10_000;

const carriedOut = async (
  api: ApiSource,
  path: string,
  subjects: Subject[],
  caseReference: string,
) => {
  const counts: Record<string, number> = {};
  for (let at = 0; at < subjects.length; at += SUBJECTS_PER_CALL) {
    const body = { subjects: subjects.slice(at, at + SUBJECTS_PER_CALL), caseReference };
    const answer = (await answerOf(api, path, body)) as { counts: Record<string, number> };
    for (const [outcome, n] of Object.entries(answer.counts))
      counts[outcome] = (counts[outcome] ?? 0) + n;
  }
  return counts;
};

/** Plans the repair and, with --execute, carries it out on the running system. */
export const runEnrollmentRemediate = async (
  source: EnrollmentSource,
  command: EnrollmentRemediateCommand,
  progress: (line: string) => void,
) => {
  const incident = await enrollmentIncidentOf(source, command, progress);
  const plan = planEnrollmentRemediation(incident, command.caseReference);
  let result: EnrollmentRemediationResult | undefined;
  if (command.execute) {
    const api = command.enrollmentApi ?? (source as ApiSource);
    const remediations = '/admin/enrollment/remediations';
    result = {
      reenrolled: await carriedOut(
        api,
        `${remediations}/reenroll`,
        plan.reenroll,
        plan.caseReference,
      ),
      rulesApplied: await carriedOut(
        api,
        `${remediations}/apply-rules`,
        plan.applyRules,
        plan.caseReference,
      ),
    };
  }
  await writeReport({ plan, result }, command, {
    csv: enrollmentRemediationCsv,
    html: enrollmentRemediationHtml,
  });
  return { plan, result };
};

/** One line for the operator: what the plan holds, and what carrying it out did. */
export const enrollmentRemediationLine = ({
  plan,
  result,
}: Awaited<ReturnType<typeof runEnrollmentRemediate>>): string => {
  const planned = `remediate: ${plan.reenroll.length} to re-enroll, ${plan.applyRules.length} to decide again by the rules in force, ${plan.settled} put right already`;
  if (!result) return `${planned} (dry run: nothing changed; --execute carries it out)`;
  return `${planned}; done: ${JSON.stringify(result)}`;
};
