import { randomUUID } from 'node:crypto';
import type { NoticeChannel } from '@digital-post/contracts';
import type { EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { latestDataOf } from '@digital-post/service-kit';
import { decideNewPost, type Arrival, type Window } from './newPost.ts';
import { channelsOf } from './channels.ts';
import { queueNotices, type NoticeToQueue } from './queue.ts';
import type { QuietPeriod } from './quietHours.ts';

export interface ArrivalsDeps {
  store: Pick<EventStore, 'appendToStreams'>;
  windowMs: number;
  /** When no SMS goes out. */
  quiet: QuietPeriod;
}

type Windows = Map<string, Map<NoticeChannel, Window>>;

const arrivalOf = (event: RecordedEvent): Arrival[] => {
  if (event.type !== 'MessageDelivered') return [];
  const { messageId, mailboxId, senderId, deliveredAt } = latestDataOf<Arrival>(event);
  return [{ messageId, mailboxId, senderId: senderId ?? null, deliveredAt }];
};

/** The advisory lock space of notice windows ('NOTI'), apart from the store's stream locks. */
const WINDOW_LOCKS = 0x4e4f5449;

/**
 * Batches handled side by side (a member takes several partitions at once) can carry letters to
 * one mailbox: each takes the mailbox's window lock, in one order, before reading its windows, so
 * the second sees the window the first opened and joins its notice instead of queuing another.
 */
const lockWindows = async (tx: SqlExecutor, mailboxIds: string[]): Promise<void> => {
  await tx.query(
    `select pg_advisory_xact_lock($2, hashtext(m))
       from (select m from unnest($1::text[]) as m order by m) as ordered`,
    [mailboxIds, WINDOW_LOCKS],
  );
};

const windowsOf = async (tx: SqlExecutor, mailboxIds: string[]): Promise<Windows> => {
  await lockWindows(tx, mailboxIds);
  const rows = await tx.query<{
    mailbox_id: string;
    channel: NoticeChannel;
    notice_id: string;
    open_until: Date | string;
    still_queued: boolean;
  }>(
    `select w.mailbox_id, w.channel, w.notice_id::text, w.open_until,
            coalesce(n.state = 'queued', false) as still_queued
       from notification.windows w left join notification.notices n using (notice_id)
      where w.mailbox_id = any($1::text[])`,
    [mailboxIds],
  );
  const windows: Windows = new Map();
  for (const row of rows) {
    const mine = windows.get(row.mailbox_id) ?? new Map<NoticeChannel, Window>();
    mine.set(row.channel, {
      noticeId: row.notice_id,
      openUntil: new Date(row.open_until).toISOString(),
      stillQueued: row.still_queued,
    });
    windows.set(row.mailbox_id, mine);
  }
  return windows;
};

type NewPostNotice = NoticeToQueue & { openUntil: string };

interface Planned {
  queued: Map<string, NewPostNotice>;
  joined: Array<{ noticeId: string; messageId: string; senderId: string | null }>;
}

/** The batch's arrivals in order, each seeing the windows the ones before it opened. */
const plan = (
  arrivals: Arrival[],
  channels: Map<string, NoticeChannel[]>,
  windows: Windows,
  windowMs: number,
): Planned => {
  const planned: Planned = { queued: new Map(), joined: [] };
  for (const arrival of arrivals) {
    const mine = windows.get(arrival.mailboxId) ?? new Map<NoticeChannel, Window>();
    windows.set(arrival.mailboxId, mine);
    const decisions = decideNewPost(
      arrival,
      channels.get(arrival.mailboxId) ?? [],
      mine,
      windowMs,
      randomUUID,
    );
    for (const decision of decisions) {
      if (decision.kind === 'queue') {
        const { noticeId, channel, openUntil } = decision;
        planned.queued.set(noticeId, queuedNotice(arrival, channel, noticeId, openUntil));
        mine.set(channel, { noticeId, openUntil, stillQueued: true });
      } else if (decision.kind === 'join') {
        const inBatch = planned.queued.get(decision.noticeId);
        if (inBatch) addLetter(inBatch, arrival);
        else planned.joined.push({ noticeId: decision.noticeId, ...arrival });
      }
    }
  }
  return planned;
};

const queuedNotice = (
  arrival: Arrival,
  channel: NoticeChannel,
  noticeId: string,
  openUntil: string,
): NewPostNotice => ({
  noticeId,
  mailboxId: arrival.mailboxId,
  channel,
  messageIds: [arrival.messageId],
  reason: 'new_post',
  senderIds: arrival.senderId ? [arrival.senderId] : [],
  letterSenders: [arrival.senderId ?? ''],
  queuedAt: arrival.deliveredAt,
  notBefore: arrival.deliveredAt,
  openUntil,
});

const addLetter = (notice: NoticeToQueue, arrival: Arrival) => {
  notice.messageIds.push(arrival.messageId);
  notice.letterSenders.push(arrival.senderId ?? '');
  if (arrival.senderId && !notice.senderIds.includes(arrival.senderId)) {
    notice.senderIds.push(arrival.senderId);
  }
};

/**
 * Letters delivered to mailboxes, a consumer's batch in one transaction: a notice queued (its
 * row in the outbox and `NoticeQueued`) for each channel whose window is not open, the others
 * named in the notice of their window while it waits.
 */
export const queueNoticesOfArrivals = async (
  deps: ArrivalsDeps,
  tx: SqlExecutor,
  events: readonly RecordedEvent[],
): Promise<void> => {
  const arrivals = events.flatMap(arrivalOf);
  if (arrivals.length === 0) return;
  const mailboxIds = [...new Set(arrivals.map((arrival) => arrival.mailboxId))];
  const channels = await channelsOf(tx, mailboxIds);
  if (channels.size === 0) return;
  const planned = plan(arrivals, channels, await windowsOf(tx, mailboxIds), deps.windowMs);
  const queued = [...planned.queued.values()];
  await queueNotices(deps.store, tx, queued, deps.quiet);
  await openWindows(tx, queued);
  for (const join of planned.joined) await joinNotice(tx, join);
};

const openWindows = async (tx: SqlExecutor, notices: NewPostNotice[]): Promise<void> => {
  if (notices.length === 0) return;
  await tx.query(
    `insert into notification.windows (mailbox_id, channel, notice_id, open_until)
     select * from unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[])
     on conflict (mailbox_id, channel) do update
       set notice_id = excluded.notice_id, open_until = excluded.open_until`,
    [
      notices.map((notice) => notice.mailboxId),
      notices.map((notice) => notice.channel),
      notices.map((notice) => notice.noticeId),
      notices.map((notice) => notice.openUntil),
    ],
  );
};

/** A letter named in a notice still waiting; one taken meanwhile leaves the letter covered. */
const joinNotice = async (
  tx: SqlExecutor,
  {
    noticeId,
    messageId,
    senderId,
  }: { noticeId: string; messageId: string; senderId: string | null },
): Promise<void> => {
  await tx.query(
    `update notification.notices
        set message_ids = array_append(message_ids, $2),
            letter_senders = case when letter_senders is null then null
                                  else array_append(letter_senders, coalesce($3, '')) end,
            sender_ids = case when $3::text is null or $3 = any(sender_ids) then sender_ids
                              else array_append(sender_ids, $3) end
      where notice_id = $1 and state = 'queued' and not ($2 = any(message_ids))`,
    [noticeId, messageId, senderId],
  );
};
