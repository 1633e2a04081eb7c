import type { RecordedEvent, SqlExecutor } from '@digital-post/event-store';

interface Delivered {
  messageId: string;
  mailboxId: string;
  senderId?: string | null;
  threadId?: string | null;
  deliveredAt: string;
}

/** Letters delivered to an authority's mailbox: what its systems fetch. */
const toAnAuthority = (event: RecordedEvent): Delivered[] => {
  if (event.type !== 'MessageDelivered') return [];
  const data = event.data as Delivered;
  return data.mailboxId.startsWith('authority:') ? [data] : [];
};

/**
 * Adds the batch's letters to their authorities' feeds in one statement. A redelivered event
 * finds its letter there already and adds nothing, so no system fetches a letter twice.
 */
export const projectIncoming = async (
  tx: SqlExecutor,
  events: readonly RecordedEvent[],
): Promise<void> => {
  const letters = events.flatMap(toAnAuthority);
  if (letters.length === 0) return;
  await tx.query(
    `insert into sender_api.incoming
       (authority_mailbox_id, message_id, sender_id, thread_id, delivered_at)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     on conflict do nothing`,
    [
      letters.map((letter) => letter.mailboxId),
      letters.map((letter) => letter.messageId),
      letters.map((letter) => letter.senderId ?? null),
      letters.map((letter) => letter.threadId ?? null),
      letters.map((letter) => letter.deliveredAt),
    ],
  );
};
