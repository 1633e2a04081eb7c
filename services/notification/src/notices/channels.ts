import type { NoticeChannel } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';

/** The channels each mailbox's owner registered now, from the newest version of their details. */
export const channelsOf = async (tx: SqlExecutor, mailboxIds: string[]) => {
  const rows = await tx.query<{ mailbox_id: string; phone: string | null; email: string | null }>(
    `select distinct on (mailbox_id) mailbox_id, phone, email
       from notification.notice_details where mailbox_id = any($1::text[])
      order by mailbox_id, details_version desc`,
    [mailboxIds],
  );
  return new Map(
    rows.map((row): [string, NoticeChannel[]] => [
      row.mailbox_id,
      [...(row.phone ? ['sms' as const] : []), ...(row.email ? ['email' as const] : [])],
    ]),
  );
};
