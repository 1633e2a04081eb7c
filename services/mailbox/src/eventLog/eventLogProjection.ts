import type { SqlExecutor } from '@digital-post/event-store';
import type { AppendedEvent } from '@digital-post/service-kit';

/** The moment an event states it happened: each mailbox contract has one `…At` field. */
const occurredAtOf = (data: Record<string, unknown>): string => {
  const key = Object.keys(data).find((name) => name.endsWith('At'));
  return String(key ? data[key] : new Date().toISOString());
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The event log (hændelsesloggen) of each mailbox, as its owner reads it: every delivery, open,
 * write, move and delete with who acted, for whom and through which client. Kept in the
 * appending transaction; the event id makes a repeated event harmless.
 */
export const projectEventLog = async (tx: SqlExecutor, events: AppendedEvent[]): Promise<void> => {
  for (const { id, type, data } of events) {
    await tx.query(
      `insert into mailbox.event_log (event_id, mailbox_id, event_type, message_id, folder_id,
         actor_id, on_behalf_of, viewing_client, occurred_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (event_id) do nothing`,
      [
        id,
        data.mailboxId,
        type,
        text(data.messageId),
        text(data.folderId),
        text(data.actorId),
        text(data.onBehalfOf),
        text(data.viewingClient),
        occurredAtOf(data),
      ],
    );
  }
};
