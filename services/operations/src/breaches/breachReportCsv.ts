import { csvRecord } from '@digital-post/service-kit';
import type { BreachReport } from './breachReport.ts';

type Row = [section: string, name: string, value: string | number | boolean | null];

/**
 * The drafted report for a spreadsheet, one fact a line (section, name, value): its header and
 * texts, the numbers, each authority's letters one a line, and each person to notify.
 */
export const breachReportCsv = (report: BreachReport): string => {
  const rows: Row[] = [
    ['report', 'breach_id', report.breachId],
    ['report', 'stage', report.stage],
    ['report', 'case_reference', report.caseReference],
    ['report', 'due', report.deadline.due],
    ['report', 'overdue', report.deadline.overdue],
    ['report', 'began', report.began],
    ['report', 'ended', report.ended],
    ['report', 'found_at', report.foundAt],
    ['report', 'what_happened', report.whatHappened],
    ['report', 'likely_consequences', report.likelyConsequences],
    ...report.dataCategories.map((text): Row => ['data_category', '', text]),
    ...report.personCategories.map((text): Row => ['person_category', '', text]),
    ...Object.entries(report.numbers).map(([name, value]): Row => ['number', name, value]),
    ...report.measuresTaken.map((text): Row => ['measure_taken', '', text]),
    ...report.authoritiesToInform.flatMap(({ senderId, messageIds }) =>
      messageIds.map((messageId): Row => ['authority_letter', senderId, messageId]),
    ),
    ...report.personsToNotify.map((mailboxId): Row => ['person_to_notify', '', mailboxId]),
  ];
  return [csvRecord(['section', 'name', 'value']), ...rows.map((row) => csvRecord(row))].join('');
};
