import { csvRecord } from '@digital-post/service-kit';
import { escapeHtml, reportPage, table } from '../incidents/report/reportHtml.ts';
import type { EnrollmentRemediation } from './enrollmentRemediationPlan.ts';

const rowsOf = ({ plan }: EnrollmentRemediation) => [
  ...plan.reenroll.map((s) => [`${s.kind}:${s.id}`, 'reenroll']),
  ...plan.applyRules.map((s) => [`${s.kind}:${s.id}`, 'apply-rules']),
];

/** The plan for a spreadsheet: each mailbox to put right, and how. */
export const enrollmentRemediationCsv = (remediation: EnrollmentRemediation): string =>
  [csvRecord(['mailbox_id', 'remedy']), ...rowsOf(remediation).map((row) => csvRecord(row))].join(
    '',
  );

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ') || 'nothing';

/** The plan as one page for people and, once carried out, what the enrollment service did. */
export const enrollmentRemediationHtml = (
  remediation: EnrollmentRemediation,
  generatedAt = new Date(),
): string => {
  const { plan, result } = remediation;
  const lines = [
    `Case ${plan.caseReference}: ${plan.reenroll.length} to re-enroll, ${plan.applyRules.length} to decide again by the rules in force, ${plan.settled} put right already.`,
    result
      ? `Carried out: re-enrolled ${countsText(result.reenrolled)}; rules applied ${countsText(result.rulesApplied)}.`
      : 'Dry run: nothing was changed.',
  ];
  const body = `${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}
<h2>Mailboxes</h2>${table(['mailbox', 'remedy'], rowsOf(remediation))}`;
  return reportPage('Enrollment remediation', body, generatedAt);
};
