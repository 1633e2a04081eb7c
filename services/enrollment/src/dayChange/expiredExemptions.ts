import type { Database } from '@digital-post/event-store';
import type { ChangeCause, EnrollmentWriter } from '../enrollment/enrollmentWriter.ts';

const CHUNK = 500;

/**
 * An exemption granted until a date ends on that date: the daily run ends it (reason
 * `expired`), and enrollment resumes if the rules say so. Without this the person would stay
 * on paper and unenrolled for good, since an exemption blocks every automatic enrollment.
 */
export const endExpiredExemptions = async (
  db: Database,
  writer: EnrollmentWriter,
  at: Date,
  cause: ChangeCause,
): Promise<number> => {
  let ended = 0;
  for (;;) {
    const expired = await db.query<{ subject_kind: 'cpr' | 'cvr'; subject_id: string }>(
      `select subject_kind, subject_id from enrollment.people
        where exemption_id is not null and exemption_valid_until <= $1
        order by subject_kind, subject_id limit ${CHUNK}`,
      [at.toISOString()],
    );
    if (expired.length === 0) return ended;
    await db.transaction(async (tx) => {
      for (const { subject_kind: kind, subject_id: id } of expired) {
        await writer.endExemption(tx, { kind, id }, 'expired', cause);
      }
    });
    ended += expired.length;
  }
};
