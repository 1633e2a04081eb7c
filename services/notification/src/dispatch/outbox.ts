import type { NoticeChannel } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';

/** A notice as the outbox holds it. */
export interface OutboxNotice {
  noticeId: string;
  mailboxId: string;
  channel: NoticeChannel;
  reason: 'new_post' | 'reminder';
  messageIds: string[];
  senderIds: string[];
  attempts: number;
}

interface Row {
  notice_id: string;
  mailbox_id: string;
  channel: NoticeChannel;
  reason: OutboxNotice['reason'];
  message_ids: string[];
  sender_ids: string[];
  attempts: number;
}

const COLUMNS = 'notice_id::text, mailbox_id, channel, reason, message_ids, sender_ids, attempts';

const noticeOf = (row: Row): OutboxNotice => ({
  noticeId: row.notice_id,
  mailboxId: row.mailbox_id,
  channel: row.channel,
  reason: row.reason,
  messageIds: row.message_ids,
  senderIds: row.sender_ids,
  attempts: Number(row.attempts),
});

/** A notice taken into hand, with the owner's address on its channel as their details stand. */
export interface ClaimedNotice extends OutboxNotice {
  /** Null when the owner removed it since the notice was queued. */
  address: string | null;
}

/**
 * Takes up to `limit` due notices of the channels given into hand, in one committed statement:
 * `handing_over` until `claimedUntil`, so another dispatcher leaves them alone, and a dispatcher
 * that dies with them is found out when that time has passed. Each comes with the address the
 * owner has now, from the latest version of their details.
 */
export const claimDue = async (
  db: SqlExecutor,
  channels: readonly NoticeChannel[],
  limit: number,
  now: Date,
  claimedUntil: Date,
): Promise<ClaimedNotice[]> => {
  const rows = await db.query<Row & { address: string | null }>(
    `update notification.notices n
        set state = 'handing_over', attempts = attempts + 1, claimed_until = $4
      where notice_id in (
        select notice_id from notification.notices
         where state = 'queued' and next_try_at <= $3 and channel = any($1::text[])
         order by next_try_at limit $2
         for update skip locked)
      returning ${COLUMNS},
        (select case when n.channel = 'sms' then d.phone else d.email end
           from notification.notice_details d where d.mailbox_id = n.mailbox_id
          order by d.details_version desc limit 1) as address`,
    [channels, limit, now, claimedUntil],
  );
  return rows.map((row) => ({ ...noticeOf(row), address: row.address }));
};

/** Notices a dispatcher took into hand and did not settle before its claim ran out. */
export const orphaned = async (tx: SqlExecutor, now: Date): Promise<OutboxNotice[]> => {
  const rows = await tx.query<Row>(
    `select ${COLUMNS} from notification.notices
      where state = 'handing_over' and claimed_until < $1
      for update skip locked`,
    [now],
  );
  return rows.map(noticeOf);
};

/**
 * The notice failed, if it is still in hand: false when another settled it first. (Sent notices
 * are settled in groups, `sentRecords.ts`; cancelled ones by the open, `reminders.ts`.)
 */
export const settleFailed = async (
  tx: SqlExecutor,
  noticeId: string,
  at: Date,
  failure: string,
): Promise<boolean> =>
  (
    await tx.query(
      `update notification.notices
          set state = 'failed', claimed_until = null, settled_at = $2, failure = $3
        where notice_id = $1 and state = 'handing_over' returning 1`,
      [noticeId, at, failure],
    )
  ).length === 1;

/** Back in the queue, to be tried again from `at`. */
export const requeue = async (tx: SqlExecutor, noticeId: string, at: Date): Promise<boolean> =>
  (
    await tx.query(
      `update notification.notices set state = 'queued', next_try_at = $2, claimed_until = null
        where notice_id = $1 and state = 'handing_over' returning 1`,
      [noticeId, at],
    )
  ).length === 1;

/** The owner's address on the channel, as their details stand now, refused by the provider. */
export const markFailing = async (
  tx: SqlExecutor,
  notice: Pick<OutboxNotice, 'mailboxId' | 'channel'>,
  at: Date,
): Promise<void> => {
  await tx.query(
    `insert into notification.failing (mailbox_id, channel, details_version, failed_at)
     select $1, $2, max(details_version), $3 from notification.notice_details where mailbox_id = $1
     having max(details_version) is not null
     on conflict (mailbox_id, channel) do update
       set details_version = excluded.details_version, failed_at = excluded.failed_at`,
    [notice.mailboxId, notice.channel, at],
  );
};
