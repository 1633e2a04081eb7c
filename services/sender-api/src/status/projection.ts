import type { SqlExecutor } from '@digital-post/event-store';
import { forSender, statusEntryOf, type EventLike, type StatusEntry } from './statusEntry.ts';

export interface ProjectedEvent extends EventLike {
  id: string;
}

interface MessageRow {
  sender_id: string;
  legal_notification: boolean;
}

/**
 * Folds one event into the status read model. Idempotent by event id, so the acceptance written
 * in the request's own transaction and the same event arriving through the bus make one entry.
 */
export const projectStatusEvent = async (tx: SqlExecutor, event: ProjectedEvent): Promise<void> => {
  const entry = statusEntryOf(event);
  if (!entry) return;
  if (event.type === 'MessageAccepted') return recordAcceptance(tx, event, entry);
  const rows = await tx.query<MessageRow>(
    'select sender_id, legal_notification from sender_api.messages where message_id = $1',
    [entry.messageId],
  );
  const message = rows[0];
  if (message) return insertEntry(tx, event.id, message, entry);
  await tx.query(
    `insert into sender_api.unattributed_entries (event_id, message_id, status, at, details)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [event.id, entry.messageId, entry.status, entry.at, JSON.stringify(entry.details)],
  );
};

const recordAcceptance = async (tx: SqlExecutor, event: ProjectedEvent, entry: StatusEntry) => {
  const data = event.data as { senderId?: unknown; legalNotification?: unknown };
  // Citizens' letters to authorities are accepted on the same streams; they have no sender here.
  if (typeof data.senderId !== 'string' || !data.senderId.startsWith('authority:')) return;
  const message = { sender_id: data.senderId, legal_notification: data.legalNotification === true };
  await tx.query(
    `insert into sender_api.messages (message_id, sender_id, legal_notification, accepted_at)
     values ($1, $2, $3, $4) on conflict do nothing`,
    [entry.messageId, message.sender_id, message.legal_notification, entry.at],
  );
  await insertEntry(tx, event.id, message, entry);
  await adoptUnattributed(tx, entry.messageId, message);
};

const insertEntry = async (
  tx: SqlExecutor,
  eventId: string,
  message: MessageRow,
  entry: StatusEntry,
): Promise<void> => {
  const shown = forSender(entry, message.legal_notification);
  await tx.query(
    `insert into sender_api.status_entries (event_id, message_id, sender_id, status, at, details)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [
      eventId,
      shown.messageId,
      message.sender_id,
      shown.status,
      shown.at,
      JSON.stringify(shown.details),
    ],
  );
};

interface UnattributedRow {
  event_id: string;
  status: StatusEntry['status'];
  at: string;
  details: Record<string, unknown>;
}

const adoptUnattributed = async (tx: SqlExecutor, messageId: string, message: MessageRow) => {
  const waiting = await tx.query<UnattributedRow>(
    `delete from sender_api.unattributed_entries where message_id = $1
     returning event_id, status, at, details`,
    [messageId],
  );
  waiting.sort((a, b) => a.at.localeCompare(b.at));
  for (const row of waiting) {
    const entry = { messageId, status: row.status, at: row.at, details: row.details };
    await insertEntry(tx, row.event_id, message, entry);
  }
};
