import type { Database, SqlExecutor } from '@digital-post/event-store';
import { ensureNotificationSchema } from '../schema.ts';
import type { NoticeChannel, NoticeDetailsInput, NoticeDetailsView } from '@digital-post/contracts';
import { channelsOf } from './noticeDetailsInput.ts';

/**
 * The phone numbers and e-mail addresses themselves (table `notification.notice_details`, see
 * `schema.ts`): one row per version of a mailbox's details.
 */

/** Part of the notification schema: one lock, so two starts cannot race to create it. */
export const ensureNoticeDetailsSchema = (db: Database): Promise<void> =>
  ensureNotificationSchema(db);

export interface StoredNoticeDetails extends NoticeDetailsInput {
  detailsVersion: number;
  sha256: string;
  digestSalt: string;
  changedAt: string;
}

export const insertNoticeDetails = async (
  tx: SqlExecutor,
  mailboxId: string,
  details: StoredNoticeDetails,
): Promise<void> => {
  await tx.query(
    `insert into notification.notice_details
       (mailbox_id, details_version, phone, email, sha256, digest_salt, changed_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      mailboxId,
      details.detailsVersion,
      details.phone,
      details.email,
      details.sha256,
      details.digestSalt,
      details.changedAt,
    ],
  );
};

export const markNoticeDetailsConfirmed = async (
  tx: SqlExecutor,
  mailboxId: string,
  detailsVersion: number,
  confirmedAt: string,
): Promise<void> => {
  const updated = await tx.query(
    `update notification.notice_details set confirmed_at = $3
      where mailbox_id = $1 and details_version = $2 returning 1`,
    [mailboxId, detailsVersion, confirmedAt],
  );
  // The event says this version exists; without its row the two would disagree for good.
  if (updated.length !== 1) {
    throw new Error(`no stored notice details ${mailboxId} v${detailsVersion} to confirm`);
  }
};

interface Row {
  details_version: number;
  phone: string | null;
  email: string | null;
  digest_salt: string;
  changed_at: Date | string;
  confirmed_at: Date | string | null;
  failing: NoticeChannel[];
}

export interface CurrentNoticeDetails {
  view: NoticeDetailsView;
  digestSalt: string;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** The newest version of a mailbox's details, or null when none was ever registered. */
export const currentNoticeDetails = async (
  db: SqlExecutor,
  mailboxId: string,
): Promise<CurrentNoticeDetails | null> => {
  const [row] = await db.query<Row>(
    `select details_version, phone, email, digest_salt, changed_at, confirmed_at,
            array(select f.channel from notification.failing f
                   where f.mailbox_id = d.mailbox_id and f.details_version = d.details_version
                   order by f.channel desc) as failing
       from notification.notice_details d where mailbox_id = $1
      order by details_version desc limit 1`,
    [mailboxId],
  );
  if (!row) return null;
  const details = { phone: row.phone, email: row.email };
  return {
    digestSalt: row.digest_salt,
    view: {
      detailsVersion: Number(row.details_version),
      ...details,
      channels: channelsOf(details),
      changedAt: iso(row.changed_at),
      confirmedAt: row.confirmed_at === null ? null : iso(row.confirmed_at),
      failing: row.failing,
    },
  };
};
