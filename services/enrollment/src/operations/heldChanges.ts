import type { Database, SqlExecutor } from '@digital-post/event-store';
import type { EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';
import type { Subject } from '../subjects/subject.ts';
import { inOwnTransaction } from './ownTransaction.ts';
import { isoOf, isoOrNull } from './schemas.ts';

/**
 * The changes the mass-change breaker held (enrollment.held_changes), for operators to review
 * by breaker key and decide on: approved changes are made as proposed, rejected ones never.
 */
export type HeldStatus = 'open' | 'approved' | 'rejected';

export interface HeldGroup {
  breakerKey: string;
  count: number;
  enroll: number;
  unenroll: number;
  firstHeldAt: string;
  lastHeldAt: string;
  /** When the breaker tripped on this key; null once it is reset (everything decided). */
  trippedAt: string | null;
}

interface GroupRow {
  breaker_key: string;
  count: number;
  enroll: number;
  unenroll: number;
  first_held_at: unknown;
  last_held_at: unknown;
  tripped_at: unknown;
}

export const heldGroups = async (
  db: SqlExecutor,
  status: HeldStatus,
  breakerKey: string | null,
): Promise<HeldGroup[]> => {
  const rows = await db.query<GroupRow>(
    `select h.breaker_key, count(*)::int as count,
            (count(*) filter (where h.change = 'enroll'))::int as enroll,
            (count(*) filter (where h.change = 'unenroll'))::int as unenroll,
            min(h.held_at) as first_held_at, max(h.held_at) as last_held_at,
            min(t.tripped_at) as tripped_at
       from enrollment.held_changes h
       left join enrollment.breaker_trips t on t.breaker_key = h.breaker_key
      where h.status = $1 and ($2::text is null or h.breaker_key = $2)
      group by h.breaker_key order by h.breaker_key`,
    [status, breakerKey],
  );
  return rows.map((row) => ({
    breakerKey: row.breaker_key,
    count: Number(row.count),
    enroll: Number(row.enroll),
    unenroll: Number(row.unenroll),
    firstHeldAt: isoOf(row.first_held_at),
    lastHeldAt: isoOf(row.last_held_at),
    trippedAt: isoOrNull(row.tripped_at),
  }));
};

interface HeldRow {
  pending_id: string;
  subject_kind: 'cpr' | 'cvr';
  subject_id: string;
  change: 'enroll' | 'unenroll';
  cause_code: string;
  breaker_key: string;
  trigger: string;
  trigger_id: string | null;
  rule_version: string;
  held_at: unknown;
  status: HeldStatus;
  decided_by: string | null;
  decided_at: unknown;
}

const heldColumns = `pending_id, subject_kind, subject_id, change, cause_code, breaker_key,
  trigger, trigger_id, rule_version, held_at, status, decided_by, decided_at`;

const heldChangeOf = (row: HeldRow) => ({
  pendingId: row.pending_id,
  subject: { kind: row.subject_kind, id: row.subject_id },
  change: row.change,
  causeCode: row.cause_code,
  breakerKey: row.breaker_key,
  trigger: row.trigger,
  triggerId: row.trigger_id,
  ruleVersion: row.rule_version,
  heldAt: isoOf(row.held_at),
  status: row.status,
  decidedBy: row.decided_by,
  decidedAt: isoOrNull(row.decided_at),
});

export type HeldChange = ReturnType<typeof heldChangeOf>;

/** One page of held changes in pending-id order, after `after`. */
export const heldChangesPage = async (
  db: SqlExecutor,
  query: { status: HeldStatus; breakerKey: string | null; after: string | null; limit: number },
): Promise<HeldChange[]> => {
  const rows = await db.query<HeldRow>(
    `select ${heldColumns} from enrollment.held_changes
      where status = $1 and ($2::text is null or breaker_key = $2)
        and ($3::text is null or pending_id > $3)
      order by pending_id limit $4`,
    [query.status, query.breakerKey, query.after, query.limit],
  );
  return rows.map(heldChangeOf);
};

export interface Decision {
  decision: 'approve' | 'reject';
  decidedBy: string;
  caseReference: string;
}

export interface DecisionReport {
  decided: number;
  skipped: Array<{ pendingId: string; rule: string; detail: string }>;
}

const PAGE = 500;

const decideEach = async (
  db: Database,
  writer: EnrollmentWriter,
  rows: readonly HeldRow[],
  decision: Decision,
  report: DecisionReport,
): Promise<void> => {
  for (const row of rows) {
    const subject = { kind: row.subject_kind, id: row.subject_id } as Subject;
    const outcome = await inOwnTransaction(db, (tx) =>
      writer.decideHeldChange(
        tx,
        subject,
        row.pending_id,
        decision.decision,
        decision.decidedBy,
        decision.caseReference,
      ),
    );
    if (outcome.ok) report.decided += 1;
    else report.skipped.push({ pendingId: row.pending_id, ...outcome });
  }
};

/**
 * Decides every change held under `breakerKey` up to `heldBy`: what the operator reviewed, not
 * what the breaker goes on holding while they decide. Each change in its own transaction.
 */
export const decideBreakerKey = async (
  db: Database,
  writer: EnrollmentWriter,
  breakerKey: string,
  heldBy: string,
  decision: Decision,
): Promise<DecisionReport> => {
  const report: DecisionReport = { decided: 0, skipped: [] };
  let after = '';
  for (;;) {
    const rows = await db.query<HeldRow>(
      `select ${heldColumns} from enrollment.held_changes
        where breaker_key = $1 and status = 'open' and held_at <= $2 and pending_id > $3
        order by pending_id limit ${PAGE}`,
      [breakerKey, heldBy, after],
    );
    if (rows.length === 0) return report;
    await decideEach(db, writer, rows, decision, report);
    after = rows.at(-1)!.pending_id;
  }
};

/** Decides the named held changes that are still open; the others are reported as skipped. */
export const decidePendingIds = async (
  db: Database,
  writer: EnrollmentWriter,
  pendingIds: readonly string[],
  decision: Decision,
): Promise<DecisionReport> => {
  const report: DecisionReport = { decided: 0, skipped: [] };
  const wanted = [...new Set(pendingIds)];
  for (let from = 0; from < wanted.length; from += PAGE) {
    const ids = wanted.slice(from, from + PAGE);
    const rows = await db.query<HeldRow>(
      `select ${heldColumns} from enrollment.held_changes
        where pending_id = any($1::text[]) order by pending_id`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.pending_id, row]));
    const open = ids.map((id) => byId.get(id)).filter((row) => row?.status === 'open');
    await decideEach(db, writer, open as HeldRow[], decision, report);
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) report.skipped.push({ pendingId: id, rule: 'unknown', detail: 'No such change.' });
      else if (row.status !== 'open') {
        report.skipped.push({ pendingId: id, rule: 'decided', detail: `It is ${row.status}.` });
      }
    }
  }
  return report;
};
