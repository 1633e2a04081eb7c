import {
  batchingStore,
  type BatchingStore,
  type Database,
  type EventStore,
  type SqlExecutor,
} from '@digital-post/event-store';
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
import { recordChanges } from './changes.ts';
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

/** A row's values in the order of `saveRows`' columns. */
const rowValues = (row: SubjectRow): unknown[] => {
  const p: Partial<PersonFacts> = 'birthDate' in row.facts ? row.facts : {};
  const c: Partial<CompanyFacts> = 'registeredOn' in row.facts ? row.facts : {};
  const last = row.lastChange;
  return [
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
  ];
};

/** Every subject's row of a batch in one statement (each subject once). */
const saveRows = async (tx: SqlExecutor, rows: SubjectRow[]): Promise<void> => {
  if (rows.length === 0) return;
  const values = rows.map(rowValues);
  await tx.query(
    `insert into enrollment.people (subject_kind, subject_id, known, birth_date,
       residence_country, resident_since, died_on, registered_on, ceased_on, enrolled,
       ever_enrolled, exemption_id, exemption_valid_until, held_changes, last_change_event_id,
       last_change_type, last_change_at, last_change_rule_version, last_change_trigger)
     select * from unnest($1::text[], $2::text[], $3::boolean[], $4::date[], $5::text[],
       $6::date[], $7::date[], $8::date[], $9::date[], $10::boolean[], $11::boolean[],
       $12::text[], $13::timestamptz[], $14::integer[], $15::text[], $16::text[],
       $17::timestamptz[], $18::text[], $19::text[])
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
    values[0]!.map((_, column) => values.map((row) => row[column])),
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
    const after = [...bySubject].map(([key, { subject, events: subjectEvents }]) =>
      subjectEvents.reduce(evolveSubjectRow, rows.get(key) ?? newSubjectRow(subject)),
    );
    await saveRows(tx, after);
    await recordChanges(
      tx,
      [...bySubject.values()].flatMap(({ subject, events: subjectEvents }) =>
        subjectEvents.flatMap((event) =>
          isRegisterFact(event) ? [] : [{ subject, id: event.id, event }],
        ),
      ),
    );
  },
};

export type EnrollmentStore = ProjectedStore & Pick<BatchingStore, 'inBatch'>;

/**
 * The enrollment service's store: every append checked against the contracts and projected. A
 * chunk of register events runs as a batch: its subjects' streams read at once, its appends
 * written at once as it ends, and the read models projected for the whole chunk then.
 */
export const enrollmentStore = (store: EventStore, db: Database): EnrollmentStore => {
  const batching = batchingStore(store);
  return {
    ...withInlineProjections(contractCheckedStore(batching), db, [subjectsProjection], batching),
    inBatch: (tx, work) => batching.inBatch(tx, work),
  };
};
