import { writeFile } from 'node:fs/promises';
import type { Subject } from '@digital-post/contracts';
import { csvRecord } from '@digital-post/service-kit';
import type {
  EnrollmentIncident,
  WrongChange,
} from '../incidents/enrollment/reconstructEnrollment.ts';
import {
  enrollmentIncidentOf,
  type EnrollmentCommand,
  type EnrollmentSource,
} from './enrollmentCommand.ts';
import { answerOf, type ApiSource } from './operatorApi.ts';

/**
 * The repair of an enrollment incident: each wrong change that still stands (nothing changed
 * the subject since) put right through the enrollment service's own commands, under the case:
 * the wrongly unenrolled re-enrolled (no welcome letter), the wrongly enrolled decided again by
 * the rules in force. What a later change already put right is left alone, so carrying the plan
 * out twice changes nothing the second time.
 */
export interface EnrollmentRemediationPlan {
  caseReference: string;
  reenroll: Subject[];
  applyRules: Subject[];
  /** Wrong changes already put right by a later change of the subject. */
  settled: number;
}

export interface EnrollmentRemediateCommand extends EnrollmentCommand {
  caseReference: string;
  execute: boolean;
  /** The enrollment service's operations front; the operator API's when not given. */
  enrollmentApi?: ApiSource;
}

const SUBJECTS_PER_CALL = 10_000;

const standing = (wrong: readonly WrongChange[], change: 'enrolled' | 'unenrolled') =>
  wrong
    .filter((w) => w.recorded.change === change && w.period.until === null)
    .map((w) => w.recorded.subject);

export const planEnrollmentRemediation = (
  incident: EnrollmentIncident,
  caseReference: string,
): EnrollmentRemediationPlan => ({
  caseReference,
  reenroll: standing(incident.wrong, 'unenrolled'),
  applyRules: standing(incident.wrong, 'enrolled'),
  settled: incident.wrong.filter((w) => w.period.until !== null).length,
});

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

const planCsv = (plan: EnrollmentRemediationPlan) =>
  [
    csvRecord(['mailbox_id', 'remedy']),
    ...plan.reenroll.map((s) => csvRecord([`${s.kind}:${s.id}`, 'reenroll'])),
    ...plan.applyRules.map((s) => csvRecord([`${s.kind}:${s.id}`, 'apply-rules'])),
  ].join('');

/** Plans the repair and, with --execute, carries it out on the running system. */
export const runEnrollmentRemediate = async (
  source: EnrollmentSource,
  command: EnrollmentRemediateCommand,
  progress: (line: string) => void,
) => {
  const incident = await enrollmentIncidentOf(source, command, progress);
  const plan = planEnrollmentRemediation(incident, command.caseReference);
  let result:
    { reenrolled: Record<string, number>; rulesApplied: Record<string, number> } | undefined;
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
  const text =
    command.format === 'csv' ? planCsv(plan) : `${JSON.stringify({ plan, result }, null, 2)}\n`;
  if (command.out) await writeFile(command.out, text);
  else process.stdout.write(text);
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
