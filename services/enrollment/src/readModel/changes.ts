import type { SqlExecutor } from '@digital-post/event-store';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import type { Subject } from '../subjects/subject.ts';

/**
 * The change lists (`enrollment.changes`) and the held changes (`enrollment.held_changes`): a row
 * per enrollment event that changed something, written in the transaction that appended it.
 */

type ChangeName =
  'enrolled' | 'unenrolled' | 'exempted' | 'exemption_ended' | 'held' | 'approved' | 'rejected';

/** What kind of change an event is, for the change lists; null for the welcome letter. */
export const changeOf = (event: EnrollmentEvent): ChangeName | null => {
  switch (event.type) {
    case 'CitizenEnrolled':
    case 'CompanyEnrolled':
      return 'enrolled';
    case 'CitizenUnenrolled':
    case 'CompanyUnenrolled':
      return 'unenrolled';
    case 'ExemptionGranted':
    case 'CompanyExemptionGranted':
      return 'exempted';
    case 'ExemptionEnded':
    case 'CompanyExemptionEnded':
      return 'exemption_ended';
    case 'EnrollmentChangeHeld':
      return 'held';
    case 'EnrollmentChangeApproved':
      return 'approved';
    case 'EnrollmentChangeRejected':
      return 'rejected';
    case 'WelcomeLetterPrinted':
      return null;
  }
};

interface Basis {
  at: string;
  causeCode: string | null;
  firstEnrollment: boolean | null;
  trigger: string;
  triggerId: string | null;
  ruleVersion: string | null;
  caseReference: string | null;
}

/** The when, why and by-which-rules of an event, whatever its type. */
export const basisOf = (event: EnrollmentEvent): Basis => {
  const d = event.data as Record<string, unknown>;
  const at = (d.enrolledAt ??
    d.unenrolledAt ??
    d.grantedAt ??
    d.endedAt ??
    d.heldAt ??
    d.decidedAt ??
    d.printedAt) as string;
  return {
    at,
    causeCode: ((d.cause ?? d.reason ?? d.causeCode) as string | undefined) ?? null,
    firstEnrollment: (d.firstEnrollment as boolean | undefined) ?? null,
    // Operators' decisions on held changes are commands; events older than the service's own
    // rules (the delivery issue's stand-in wrote them) did not record a trigger.
    trigger:
      (d.trigger as string | undefined) ?? ('decidedBy' in d ? 'operator_command' : 'unrecorded'),
    triggerId: (d.triggerId as string | null | undefined) ?? null,
    ruleVersion: (d.ruleVersion as string | null | undefined) ?? null,
    caseReference: (d.caseReference as string | null | undefined) ?? null,
  };
};

interface ChangeEntry {
  subject: Subject;
  id: string;
  event: EnrollmentEvent;
}

/** The change list's values of an event, or none for one that is no change (the letter). */
const changeRow = ({ subject, id, event }: ChangeEntry): unknown[] => {
  const change = changeOf(event);
  if (change === null) return [];
  const b = basisOf(event);
  return [
    [
      id,
      subject.kind,
      subject.id,
      event.type,
      change,
      b.causeCode,
      b.firstEnrollment,
      b.trigger,
      b.triggerId,
      b.ruleVersion,
      b.caseReference,
      b.at,
    ],
  ];
};

/** The change list's rows of many events in one statement, then what they do to held changes. */
export const recordChanges = async (tx: SqlExecutor, entries: ChangeEntry[]): Promise<void> => {
  const rows = entries.flatMap(changeRow) as unknown[][];
  if (rows.length > 0) {
    await tx.query(
      `insert into enrollment.changes (event_id, subject_kind, subject_id, event_type, change,
         cause_code, first_enrollment, trigger, trigger_id, rule_version, case_reference, at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
         $6::text[], $7::boolean[], $8::text[], $9::text[], $10::text[], $11::text[],
         $12::timestamptz[])
       on conflict (event_id) do nothing`,
      rows[0]!.map((_, column) => rows.map((row) => row[column])),
    );
  }
  for (const entry of entries) await recordHeldChange(tx, entry);
};

/** A held change opened, approved or rejected: few, so each by a statement of its own. */
const recordHeldChange = async (
  tx: SqlExecutor,
  { subject, event }: ChangeEntry,
): Promise<void> => {
  const change = changeOf(event);
  if (event.type === 'EnrollmentChangeHeld') {
    const h = event.data;
    await tx.query(
      `insert into enrollment.held_changes (pending_id, subject_kind, subject_id, change,
         cause_code, breaker_key, trigger, trigger_id, rule_version, held_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (pending_id) do nothing`,
      [
        h.pendingId,
        subject.kind,
        subject.id,
        h.change,
        h.causeCode,
        h.breakerKey,
        h.trigger,
        h.triggerId,
        h.ruleVersion,
        h.heldAt,
      ],
    );
  }
  if (event.type === 'EnrollmentChangeApproved' || event.type === 'EnrollmentChangeRejected') {
    await tx.query(
      `update enrollment.held_changes set status = $2, decided_by = $3, decided_at = $4
        where pending_id = $1`,
      [event.data.pendingId, change, event.data.decidedBy, event.data.decidedAt],
    );
  }
};
