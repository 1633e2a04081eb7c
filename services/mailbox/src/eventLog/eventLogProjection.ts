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
  if (events.length === 0) return;
  const column = (of: (event: AppendedEvent) => unknown) => events.map(of);
  await tx.query(
    `insert into mailbox.event_log (event_id, mailbox_id, event_type, message_id, folder_id,
       actor_id, on_behalf_of, viewing_client, occurred_at)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::timestamptz[])
     on conflict (event_id) do nothing`,
    [
      column((event) => event.id),
      column((event) => event.data.mailboxId),
      column((event) => event.type),
      column((event) => text(event.data.messageId)),
      column((event) => text(event.data.folderId)),
      column((event) => text(event.data.actorId)),
      column((event) => text(event.data.onBehalfOf)),
      column((event) => text(event.data.viewingClient)),
      column((event) => occurredAtOf(event.data)),
    ],
  );
};
