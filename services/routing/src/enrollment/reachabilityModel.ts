import type { RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { dataOf } from '../eventContracts.ts';
import type { Recipient } from '../recipients/mailboxId.ts';
import {
  enrollmentDecider,
  evolveEnrollment,
  reachabilityOf,
  type EnrollmentState,
  type Reachability,
} from './enrollmentDecider.ts';
import type { EnrollmentEvent } from './enrollmentEvents.ts';

/**
 * The read model `routing.reachability`: the folded enrollment state of each citizen and
 * company, fed by enrollment events through the same `evolve` the decider uses, so the router
 * and the admin commands can never disagree on what an event means.
 */

interface ReachabilityRow {
  enrolled: boolean;
  ever_enrolled: boolean;
  exemption_id: string | null;
  exemption_valid_until: Date | string | null;
}

const subjectOf = (event: EnrollmentEvent): { kind: 'cpr' | 'cvr'; id: string } =>
  'cpr' in event.data ? { kind: 'cpr', id: event.data.cpr } : { kind: 'cvr', id: event.data.cvr };

const toState = (row: ReachabilityRow | undefined): EnrollmentState =>
  row
    ? {
        enrolled: row.enrolled,
        everEnrolled: row.ever_enrolled,
        exemption: row.exemption_id
          ? { exemptionId: row.exemption_id, validUntil: isoOrNull(row.exemption_valid_until) }
          : null,
      }
    : enrollmentDecider.initialState();

const isoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

const loadState = async (db: SqlExecutor, kind: string, id: string): Promise<EnrollmentState> => {
  const rows = await db.query<ReachabilityRow>(
    `select enrolled, ever_enrolled, exemption_id, exemption_valid_until
       from routing.reachability where subject_kind = $1 and subject_id = $2`,
    [kind, id],
  );
  return toState(rows[0]);
};

export const projectEnrollmentEvent = async (
  tx: SqlExecutor,
  recorded: RecordedEvent,
): Promise<void> => {
  const event = { type: recorded.type, data: dataOf(recorded) } as EnrollmentEvent;
  const { kind, id } = subjectOf(event);
  const state = evolveEnrollment(await loadState(tx, kind, id), event);
  await tx.query(
    `insert into routing.reachability
       (subject_kind, subject_id, enrolled, ever_enrolled, exemption_id, exemption_valid_until)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (subject_kind, subject_id) do update set
       enrolled = excluded.enrolled, ever_enrolled = excluded.ever_enrolled,
       exemption_id = excluded.exemption_id,
       exemption_valid_until = excluded.exemption_valid_until, updated_at = now()`,
    [
      kind,
      id,
      state.enrolled,
      state.everEnrolled,
      state.exemption?.exemptionId ?? null,
      state.exemption?.validUntil ?? null,
    ],
  );
};

/** Authorities always have a mailbox; citizens and companies as their enrollment says. */
export const reachabilityOfRecipient = async (
  db: SqlExecutor,
  recipient: Recipient,
  at: string,
): Promise<Reachability> => {
  if (recipient.kind === 'authority') return { channel: 'digital', reason: 'authority' };
  return reachabilityOf(await loadState(db, recipient.kind, recipient.id), at);
};
