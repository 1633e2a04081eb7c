import type { SqlExecutor } from '@digital-post/event-store';
import { isoOf } from '../operations/schemas.ts';
import type { Subject } from '../subjects/subject.ts';
import type { CsvValue } from '@digital-post/service-kit';

/**
 * The enrollment changes made in a window of time (`enrollment.changes`, one row per event),
 * as an operator needs them after an incident: how many of each kind, by which rule version
 * and trigger, and who; or every change, one row each, to hand on.
 */
export interface ChangeWindow {
  /** Inclusive. */
  from: string;
  /** Exclusive. */
  to: string;
}

export interface ChangeGroup {
  change: string;
  cause: string | null;
  ruleVersion: string | null;
  trigger: string;
  /** Changes in the group (a subject changed twice the same way counts twice). */
  count: number;
  /** How many were a first enrollment: the welcome letters the group set off. */
  firstEnrollments: number;
  /** The subjects the group changed, each once. */
  subjects: Subject[];
}

interface GroupRow {
  change: string;
  cause_code: string | null;
  rule_version: string | null;
  trigger: string;
  count: number;
  first_enrollments: number;
  subjects: string[];
}

const subjectOf = (mailboxId: string): Subject => {
  const [kind, id] = mailboxId.split(':') as ['cpr' | 'cvr', string];
  return { kind, id };
};

export const changeGroups = async (
  db: SqlExecutor,
  window: ChangeWindow,
): Promise<ChangeGroup[]> => {
  const rows = await db.query<GroupRow>(
    `select change, cause_code, rule_version, trigger, count(*)::int as count,
            (count(*) filter (where first_enrollment))::int as first_enrollments,
            array_agg(distinct subject_kind || ':' || subject_id) as subjects
       from enrollment.changes
      where at >= $1 and at < $2
      group by change, cause_code, rule_version, trigger
      order by count(*) desc, change, cause_code, rule_version, trigger`,
    [window.from, window.to],
  );
  return rows.map((row) => ({
    change: row.change,
    cause: row.cause_code,
    ruleVersion: row.rule_version,
    trigger: row.trigger,
    count: Number(row.count),
    firstEnrollments: Number(row.first_enrollments),
    subjects: row.subjects.map(subjectOf),
  }));
};

export const CSV_COLUMNS = [
  'event_id',
  'subject_kind',
  'subject_id',
  'change',
  'cause',
  'first_enrollment',
  'trigger',
  'trigger_id',
  'rule_version',
  'case_reference',
  'at',
] as const;

interface ChangeRow {
  event_id: string;
  subject_kind: string;
  subject_id: string;
  change: string;
  cause_code: string | null;
  first_enrollment: boolean | null;
  trigger: string;
  trigger_id: string | null;
  rule_version: string | null;
  case_reference: string | null;
  at: unknown;
  /** The stored instant as text, exact to the microsecond, to resume after. */
  at_key: string;
}

const PAGE = 5000;

/**
 * Every change in the window in time order, a page at a time (keyset on time and event id), as
 * CSV values in the order of `CSV_COLUMNS`.
 */
export async function* changeRecords(
  db: SqlExecutor,
  window: ChangeWindow,
  pageSize = PAGE,
): AsyncGenerator<CsvValue[]> {
  let after: [string | null, string] = [null, ''];
  for (;;) {
    const rows = await db.query<ChangeRow>(
      `select event_id, subject_kind, subject_id, change, cause_code, first_enrollment, trigger,
              trigger_id, rule_version, case_reference, at, at::text as at_key
         from enrollment.changes
        where at >= $1 and at < $2
          and ($3::timestamptz is null or (at, event_id) > ($3::timestamptz, $4))
        order by at, event_id limit $5`,
      [window.from, window.to, ...after, pageSize],
    );
    for (const row of rows) {
      yield [
        row.event_id,
        row.subject_kind,
        row.subject_id,
        row.change,
        row.cause_code,
        row.first_enrollment,
        row.trigger,
        row.trigger_id,
        row.rule_version,
        row.case_reference,
        isoOf(row.at),
      ];
    }
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    after = [last.at_key, last.event_id];
  }
}
