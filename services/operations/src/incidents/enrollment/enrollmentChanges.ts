import type { Subject } from '@digital-post/contracts';
import type { Database, RecordedEvent } from '@digital-post/event-store';
import type { LogWindow } from '../../replay/logWindow.ts';
import { inPages, replayLog, type ReplayOptions } from '../../replay/replayLog.ts';

/** An enrollment change as the log recorded it: whom, which way, why, by which rules, when. */
export interface RecordedChange {
  eventId: string;
  position: number;
  at: string;
  subject: Subject;
  mailboxId: string;
  change: 'enrolled' | 'unenrolled';
  /** The cause of an enrollment or the reason of an unenrollment, as recorded. */
  cause: string;
  firstEnrollment: boolean | null;
  trigger: string;
  ruleVersion: string | null;
}

export const ENROLLMENT_CHANGE_TYPES = [
  'CitizenEnrolled',
  'CitizenUnenrolled',
  'CompanyEnrolled',
  'CompanyUnenrolled',
];

interface ChangeData {
  mailboxId: string;
  cpr?: string;
  cvr?: string;
  cause?: string;
  reason?: string;
  firstEnrollment?: boolean;
  enrolledAt?: string;
  unenrolledAt?: string;
  trigger?: string;
  ruleVersion?: string | null;
}

/** A change event of any version: fields a version lacks read as its contract's default. */
export const recordedChangeOf = (event: RecordedEvent): RecordedChange => {
  const data = event.data as ChangeData;
  const enrolled = event.type === 'CitizenEnrolled' || event.type === 'CompanyEnrolled';
  const subject: Subject = data.cpr
    ? { kind: 'cpr', id: data.cpr }
    : { kind: 'cvr', id: data.cvr! };
  return {
    eventId: event.id,
    position: event.globalPosition,
    at: (enrolled ? data.enrolledAt : data.unenrolledAt) ?? event.recordedAt.toISOString(),
    subject,
    mailboxId: data.mailboxId,
    change: enrolled ? 'enrolled' : 'unenrolled',
    cause: (enrolled ? data.cause : data.reason) ?? 'unrecorded',
    firstEnrollment: enrolled ? (data.firstEnrollment ?? null) : null,
    trigger: data.trigger ?? 'unrecorded',
    ruleVersion: data.ruleVersion ?? null,
  };
};

/** The enrollment changes recorded in a window, a page at a time, in log order. */
export async function* enrollmentChanges(
  db: Database,
  window: Pick<LogWindow, 'from' | 'to'>,
  { pageSize = 1_000, onProgress }: ReplayOptions = {},
): AsyncGenerator<RecordedChange[]> {
  const events = replayLog(
    db,
    { ...window, categories: ['enrollment'], types: ENROLLMENT_CHANGE_TYPES },
    { pageSize, ...(onProgress && { onProgress }) },
  );
  yield* inPages(events, pageSize, recordedChangeOf);
}
