import type { Database } from '@digital-post/event-store';
import { lowest } from '../extremes.ts';
import { ENROLLMENT_CHANGE_TYPES, type RecordedChange } from './enrollmentChanges.ts';

/** Until when a wrong change stood: the subject's next change, or still (null). */
export interface Period {
  from: number;
  until: { position: number; at: string } | null;
}

/** A letter decided for a subject while a wrong change stood. */
export interface AffectedLetter {
  messageId: string;
  senderId: string;
  channel: string;
  decidedAt: string;
}

export interface PrintedWelcome {
  mailboxId: string;
  enrollmentEventId: string;
  printedAt: string;
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
};

const within = (position: number, period: Period) =>
  position > period.from && (period.until === null || position < period.until.position);

/** Each change's period: from it to the subject's next change in the log, if any. */
export const periodsOf = async (
  db: Database,
  changes: readonly RecordedChange[],
): Promise<Map<string, Period>> => {
  const periods = new Map<string, Period>();
  if (changes.length === 0) return periods;
  const rows = await db.query<{ stream_id: string; global_position: string; recorded_at: Date }>(
    `select stream_id, global_position, recorded_at from events
      where stream_id = any($1::text[]) and event_type = any($2::text[])
        and global_position > $3
      order by global_position`,
    [
      [...new Set(changes.map((change) => `enrollment-${change.subject.id}`))],
      ENROLLMENT_CHANGE_TYPES,
      lowest(changes.map((change) => change.position)),
    ],
  );
  // Each subject's later changes, in log order: a wrong change stood until the first after it.
  const later = groupBy(rows, (row) => row.stream_id);
  for (const change of changes) {
    const next = later
      .get(`enrollment-${change.subject.id}`)
      ?.find((row) => Number(row.global_position) > change.position);
    const until = next
      ? { position: Number(next.global_position), at: new Date(next.recorded_at).toISOString() }
      : null;
    periods.set(change.eventId, { from: change.position, until });
  }
  return periods;
};

interface DecisionRow {
  global_position: string;
  message_id: string;
  channel: string;
  recipient_mailbox_id: string | null;
  decided_at: string;
  sender_id: string;
  addressee: string;
}

/**
 * The letters routed while the wrong changes stood: into the mailbox of someone wrongly enrolled,
 * or to paper for someone wrongly unenrolled. One read of the decisions after the first change,
 * each with its acceptance's sender and addressee.
 */
export const lettersWhileWrong = async (
  db: Database,
  wrong: readonly { change: RecordedChange; period: Period }[],
): Promise<Map<string, AffectedLetter[]>> => {
  const found = new Map<string, AffectedLetter[]>(wrong.map(({ change }) => [change.eventId, []]));
  if (wrong.length === 0) return found;
  const enrolled = wrong.filter(({ change }) => change.change === 'enrolled');
  const unenrolled = wrong.filter(({ change }) => change.change === 'unenrolled');
  const rows = await db.query<DecisionRow>(
    `select d.global_position, d.data->>'messageId' as message_id, d.data->>'channel' as channel,
            d.data->>'recipientMailboxId' as recipient_mailbox_id,
            d.data->>'decidedAt' as decided_at, a.data->>'senderId' as sender_id,
            (a.data->'recipient'->>'kind') || ':' || (a.data->'recipient'->>'id') as addressee
       from events d
       join events a on a.stream_id = 'message-' || (d.data->>'messageId')
                    and a.event_type = 'MessageAccepted'
      where d.event_type = 'MessageRouted' and d.global_position > $1
        and ((d.data->>'channel' <> 'paper' and d.data->>'recipientMailboxId' = any($2::text[]))
          or (d.data->>'channel' = 'paper'
              and (a.data->'recipient'->>'kind') || ':' || (a.data->'recipient'->>'id')
                  = any($3::text[])))
      order by d.global_position`,
    [
      lowest(wrong.map(({ period }) => period.from)),
      enrolled.map(({ change }) => change.mailboxId),
      unenrolled.map(({ change }) => change.mailboxId),
    ],
  );
  // By mailbox: a national incident has a hundred thousand people and a million letters.
  const enrolledBy = groupBy(enrolled, ({ change }) => change.mailboxId);
  const unenrolledBy = groupBy(unenrolled, ({ change }) => change.mailboxId);
  for (const row of rows) {
    const position = Number(row.global_position);
    const paper = row.channel === 'paper';
    const owner = (paper ? row.addressee : row.recipient_mailbox_id) ?? '';
    const hit = (paper ? unenrolledBy : enrolledBy)
      .get(owner)
      ?.find(({ period }) => within(position, period));
    if (!hit) continue;
    found.get(hit.change.eventId)!.push({
      messageId: row.message_id,
      senderId: row.sender_id,
      channel: row.channel,
      decidedAt: row.decided_at,
    });
  }
  return found;
};

/**
 * Welcome letters printed, whenever, for enrollments in the window that should not have had one:
 * a wrong enrollment, or one that was not the subject's first (the letter is for a first only).
 */
export const wrongWelcomeLetters = async (
  db: Database,
  window: { after: number; last: number },
  wrongEnrollments: ReadonlySet<string>,
): Promise<PrintedWelcome[]> => {
  const rows = await db.query<{
    mailbox_id: string;
    enrollment_event_id: string;
    printed_at: string;
    earlier: boolean;
  }>(
    `select w.data->>'mailboxId' as mailbox_id, w.data->>'enrollmentEventId' as enrollment_event_id,
            w.data->>'printedAt' as printed_at,
            exists (select 1 from events p
                     where p.stream_id = e.stream_id and p.global_position < e.global_position
                       and p.event_type in ('CitizenEnrolled', 'CompanyEnrolled')) as earlier
       from events w
       join events e on e.event_id = (w.data->>'enrollmentEventId')::uuid
      where w.event_type = 'WelcomeLetterPrinted'
        and e.global_position > $1 and e.global_position <= $2`,
    [window.after, window.last],
  );
  return rows
    .filter((row) => row.earlier || wrongEnrollments.has(row.enrollment_event_id))
    .map((row) => ({
      mailboxId: row.mailbox_id,
      enrollmentEventId: row.enrollment_event_id,
      printedAt: row.printed_at,
    }));
};
