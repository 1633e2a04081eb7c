import type { SqlExecutor } from '@digital-post/event-store';
import { isoOf } from '../operations/schemas.ts';
import { factsColumns, factsOf, type PeopleRow } from '../readModel/peopleRow.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';
import {
  auditRow,
  countInto,
  emptySummary,
  type AuditDifference,
  type AuditedRow,
  type AuditSummary,
} from './auditRules.ts';

/**
 * The audit: the rules recomputed from the register facts for every citizen and company in
 * `enrollment.people`, against the enrollment recorded there. Read a page at a time in key
 * order (keyset, not offset: each page is an index range scan), so a national population is
 * never in memory at once; only the differences are kept.
 */
export interface AuditReport {
  summary: AuditSummary;
  differences: AuditDifference[];
}

export const AUDIT_PAGE_SIZE = 5000;

const pageSql = `
  select subject_kind, subject_id, ${factsColumns}, enrolled, ever_enrolled, exemption_id,
         held_changes, last_change_event_id, last_change_type, last_change_at,
         last_change_rule_version, last_change_trigger
    from enrollment.people
   where (subject_kind, subject_id) > ($1, $2)
   order by subject_kind, subject_id
   limit $3`;

export const auditedRowOf = (row: PeopleRow): AuditedRow => ({
  subject: { kind: row.subject_kind, id: row.subject_id } as Subject,
  facts: factsOf(row),
  enrolled: row.enrolled,
  everEnrolled: row.ever_enrolled,
  exempt: row.exemption_id !== null,
  heldChanges: Number(row.held_changes),
  lastChange:
    row.last_change_event_id === null
      ? null
      : {
          eventId: row.last_change_event_id,
          eventType: row.last_change_type ?? 'unknown',
          at: isoOf(row.last_change_at),
          ruleVersion: row.last_change_rule_version,
          trigger: row.last_change_trigger,
        },
});

/** Audits everyone in `enrollment.people` against `rules` as of `today` (YYYY-MM-DD). */
export const runAudit = async (
  db: SqlExecutor,
  rules: EnrollmentRules,
  today: string,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditReport> => {
  const summary = emptySummary(rules, today);
  const differences: AuditDifference[] = [];
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await db.query<PeopleRow>(pageSql, [...after, pageSize]);
    for (const people of rows) {
      const row = auditedRowOf(people);
      const difference = auditRow(rules, row, today);
      countInto(summary, row, difference);
      if (difference) differences.push(difference);
    }
    if (rows.length < pageSize) return { summary, differences };
    const last = rows.at(-1)!;
    after = [last.subject_kind, last.subject_id];
  }
};
