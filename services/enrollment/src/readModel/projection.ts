import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import {
  contractCheckedStore,
  withInlineProjections,
  type AppendedEvent,
  type InlineProjection,
  type ProjectedStore,
} from '@digital-post/service-kit';
import { enrollmentEventTypes } from '../enrollment/enrollmentEvents.ts';
import { registerFactEventTypes } from '../registers/registerFacts.ts';
import type { CompanyFacts, PersonFacts } from '../rules/rules.ts';
import { subjectOfStream, type Subject } from '../subjects/subject.ts';
import { recordChange } from './changes.ts';
import { factsColumns, factsOf, type PeopleRow } from './peopleRow.ts';
import {
  evolveSubjectRow,
  isRegisterFact,
  newSubjectRow,
  type SubjectEvent,
  type SubjectRow,
} from './subjectRow.ts';

/** Register facts and the enrollment events that change a row; the welcome letter does not. */
const handles = [
  ...registerFactEventTypes,
  ...enrollmentEventTypes.filter((type) => type !== 'WelcomeLetterPrinted'),
];

const keyOf = (subject: Subject): string => `${subject.kind}:${subject.id}`;

/** The rows of the subjects, in one query; the times come back as text and go back unchanged. */
const loadRows = async (tx: SqlExecutor, subjects: Subject[]): Promise<Map<string, SubjectRow>> => {
  const rows = await tx.query<PeopleRow>(
    `select subject_kind, subject_id, ${factsColumns},
       enrolled, ever_enrolled, exemption_id, exemption_valid_until::text as exemption_valid_until, held_changes,
       last_change_event_id, last_change_type, last_change_at::text as last_change_at, last_change_rule_version,
       last_change_trigger
     from enrollment.people p
     join unnest($1::text[], $2::text[]) as k (kind, id)
       on p.subject_kind = k.kind and p.subject_id = k.id`,
    [subjects.map((s) => s.kind), subjects.map((s) => s.id)],
  );
  return new Map(rows.map((row) => [`${row.subject_kind}:${row.subject_id}`, rowOf(row)]));
};

const rowOf = (r: PeopleRow): SubjectRow => {
  const subject = { kind: r.subject_kind, id: r.subject_id };
  const facts = factsOf(r);
  const exemption = r.exemption_id
    ? { exemptionId: r.exemption_id, validUntil: r.exemption_valid_until as string | null }
    : null;
  const lastChange = r.last_change_event_id
    ? {
        eventId: r.last_change_event_id,
        type: r.last_change_type!,
        at: r.last_change_at as string,
        ruleVersion: r.last_change_rule_version,
        trigger: r.last_change_trigger!,
      }
    : null;
  return {
    subject,
    facts,
    standing: { enrolled: r.enrolled, exemption },
    everEnrolled: r.ever_enrolled,
    heldChanges: r.held_changes,
    lastChange,
  };
};

const saveRow = (tx: SqlExecutor, row: SubjectRow) => {
  const p: Partial<PersonFacts> = 'birthDate' in row.facts ? row.facts : {};
  const c: Partial<CompanyFacts> = 'registeredOn' in row.facts ? row.facts : {};
  const last = row.lastChange;
  return tx.query(
    `insert into enrollment.people (subject_kind, subject_id, known, birth_date,
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
       held_changes = excluded.held_changes, last_change_event_id = excluded.last_change_event_id,
       last_change_type = excluded.last_change_type, last_change_at = excluded.last_change_at,
       last_change_rule_version = excluded.last_change_rule_version,
       last_change_trigger = excluded.last_change_trigger, updated_at = now()`,
    [
      row.subject.kind,
      row.subject.id,
      row.facts.known,
      p.birthDate ?? null,
      p.residenceCountry ?? null,
      p.residentSince ?? null,
      p.diedOn ?? null,
      c.registeredOn ?? null,
      c.ceasedOn ?? null,
      row.standing.enrolled,
      row.everEnrolled,
      row.standing.exemption?.exemptionId ?? null,
      row.standing.exemption?.validUntil ?? null,
      row.heldChanges,
      last?.eventId ?? null,
      last?.type ?? null,
      last?.at ?? null,
      last?.ruleVersion ?? null,
      last?.trigger ?? null,
    ],
  );
};

const asSubjectEvent = (event: AppendedEvent): SubjectEvent =>
  ({ id: event.id, type: event.type, data: event.data }) as SubjectEvent;

/**
 * `enrollment.people`, the change lists and the held changes, brought along with every append
 * to a `register-` or `enrollment-` stream in its transaction, so the read models never disagree
 * with the streams. Each subject's row is read once and written once, however many events.
 */
export const subjectsProjection: InlineProjection = {
  handles,
  project: async (tx, events) => {
    const bySubject = new Map<string, { subject: Subject; events: SubjectEvent[] }>();
    for (const event of events) {
      const subject = subjectOfStream(event.streamId);
      const entry = bySubject.get(keyOf(subject)) ?? { subject, events: [] };
      entry.events.push(asSubjectEvent(event));
      bySubject.set(keyOf(subject), entry);
    }
    const rows = await loadRows(
      tx,
      [...bySubject.values()].map((entry) => entry.subject),
    );
    for (const [key, { subject, events: subjectEvents }] of bySubject) {
      const before = rows.get(key) ?? newSubjectRow(subject);
      await saveRow(tx, subjectEvents.reduce(evolveSubjectRow, before));
      for (const event of subjectEvents) {
        if (!isRegisterFact(event)) await recordChange(tx, subject, { id: event.id, event });
      }
    }
  },
};

/** The enrollment service's store: every append checked against the contracts and projected. */
export const enrollmentStore = (store: EventStore, db: Database): ProjectedStore =>
  withInlineProjections(contractCheckedStore(store), db, [subjectsProjection]);
