import type { SqlExecutor } from '@digital-post/event-store';
import type { EnrollmentState } from '../enrollment/enrollmentDecider.ts';
import type { EnrollmentEvent } from '../enrollment/enrollmentEvents.ts';
import type { CompanyFacts, Facts, PersonFacts } from '../rules/rules.ts';
import type { Subject } from '../subjects/subject.ts';

/** An event as appended: the id the read models point to. */
export interface AppendedEvent {
  id: string;
  event: EnrollmentEvent;
}

/**
 * Writes the subject's row of `enrollment.people` (facts and enrollment as they now stand),
 * one row per change into `enrollment.changes`, and the held changes: all in the transaction
 * that appended the events, so the read models never disagree with the streams.
 */
export const projectSubject = async (
  tx: SqlExecutor,
  subject: Subject,
  facts: Facts,
  state: EnrollmentState,
  appended: readonly AppendedEvent[],
): Promise<void> => {
  // The last change of enrollment or exemption, which the audit names as what made it so; a
  // held change is not made yet, and a decision on one is not a change of its own.
  const lastChange = [...appended]
    .reverse()
    .find(({ event }) => !['held', 'approved', 'rejected', null].includes(changeOf(event)));
  await upsertPerson(tx, subject, facts, state, lastChange);
  for (const item of appended) await recordChange(tx, subject, item);
};

const person = (facts: Facts): Partial<PersonFacts> => ('birthDate' in facts ? facts : {});
const company = (facts: Facts): Partial<CompanyFacts> => ('registeredOn' in facts ? facts : {});

const upsertPerson = async (
  tx: SqlExecutor,
  subject: Subject,
  facts: Facts,
  state: EnrollmentState,
  lastChange: AppendedEvent | undefined,
): Promise<void> => {
  const p = person(facts);
  const c = company(facts);
  const basis = lastChange ? basisOf(lastChange.event) : null;
  await tx.query(
    `insert into enrollment.people as p (subject_kind, subject_id, known, birth_date,
       residence_country, resident_since, died_on, registered_on, ceased_on, enrolled,
       ever_enrolled, exemption_id, exemption_valid_until, held_changes, last_change_event_id,
       last_change_type, last_change_at, last_change_rule_version, last_change_trigger)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     on conflict (subject_kind, subject_id) do update set
       known = excluded.known, birth_date = excluded.birth_date,
       residence_country = excluded.residence_country, resident_since = excluded.resident_since,
       died_on = excluded.died_on, registered_on = excluded.registered_on,
       ceased_on = excluded.ceased_on, enrolled = excluded.enrolled,
       ever_enrolled = excluded.ever_enrolled, exemption_id = excluded.exemption_id,
       exemption_valid_until = excluded.exemption_valid_until,
       held_changes = excluded.held_changes,
       last_change_event_id = coalesce(excluded.last_change_event_id, p.last_change_event_id),
       last_change_type = coalesce(excluded.last_change_type, p.last_change_type),
       last_change_at = coalesce(excluded.last_change_at, p.last_change_at),
       last_change_rule_version =
         case when excluded.last_change_event_id is null then p.last_change_rule_version
              else excluded.last_change_rule_version end,
       last_change_trigger = coalesce(excluded.last_change_trigger, p.last_change_trigger),
       updated_at = now()`,
    [
      subject.kind,
      subject.id,
      facts.known,
      p.birthDate ?? null,
      p.residenceCountry ?? null,
      p.residentSince ?? null,
      p.diedOn ?? null,
      c.registeredOn ?? null,
      c.ceasedOn ?? null,
      state.enrolled,
      state.everEnrolled,
      state.exemption?.exemptionId ?? null,
      state.exemption?.validUntil ?? null,
      Object.keys(state.held).length,
      lastChange?.id ?? null,
      lastChange?.event.type ?? null,
      basis?.at ?? null,
      basis?.ruleVersion ?? null,
      basis?.trigger ?? null,
    ],
  );
};

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

const recordChange = async (
  tx: SqlExecutor,
  subject: Subject,
  { id, event }: AppendedEvent,
): Promise<void> => {
  const change = changeOf(event);
  if (change === null) return;
  const b = basisOf(event);
  await tx.query(
    `insert into enrollment.changes (event_id, subject_kind, subject_id, event_type, change,
       cause_code, first_enrollment, trigger, trigger_id, rule_version, case_reference, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (event_id) do nothing`,
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
  );
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
