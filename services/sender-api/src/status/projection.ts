import type { SqlExecutor } from '@digital-post/event-store';
import { createHash } from 'node:crypto';
import {
  forSender,
  statusEntriesOf,
  statusEntryOf,
  type EventLike,
  type StatusEntry,
} from './statusEntry.ts';

export interface ProjectedEvent extends EventLike {
  id: string;
}

interface MessageRow {
  message_id: string;
  sender_id: string;
  legal_notification: boolean;
}

interface Entry extends StatusEntry {
  eventId: string;
}

/**
 * Folds events into the status read model, a whole batch in a few statements. Idempotent by event
 * id, so the acceptance written in the request's own transaction and the same event arriving
 * through the bus make one entry. An entry whose letter is not known yet (its acceptance on
 * another topic, not here yet) waits as unattributed until the acceptance adopts it.
 */
export const projectStatusEvents = async (
  tx: SqlExecutor,
  events: ProjectedEvent[],
): Promise<void> => {
  const accepted = events.flatMap(acceptanceOf);
  const entries = events.flatMap((event) => entryOf(event, accepted));
  if (entries.length === 0) return;
  await recordMessages(tx, accepted);
  const messages = await messagesOf(tx, entries);
  await insertEntries(
    tx,
    entries.filter((entry) => messages.has(entry.messageId)),
    messages,
  );
  await waitUnattributed(
    tx,
    entries.filter((entry) => !messages.has(entry.messageId)),
  );
  await adoptUnattributed(
    tx,
    accepted.map((row) => row.message_id),
  );
};

/**
 * As the bus hands events on. The hand-in projects its acceptances in its own transaction, so
 * each comes round again here: one lookup finds those already projected, which then only adopt
 * what waits for them (an entry written while the acceptance's transaction ran did not see it),
 * instead of being written again, to no effect, into the letters and the entries.
 */
export const projectStatusEventsOnce = async (
  tx: SqlExecutor,
  events: ProjectedEvent[],
): Promise<void> => {
  const accepted = events.flatMap(acceptanceOf);
  const projected = await projectedAcceptances(tx, accepted);
  await projectStatusEvents(
    tx,
    events.filter((event) => !projected.has(event.id.toLowerCase())),
  );
  await adoptUnattributed(
    tx,
    accepted.filter((row) => projected.has(row.eventId.toLowerCase())).map((row) => row.message_id),
  );
};

const projectedAcceptances = async (
  tx: SqlExecutor,
  accepted: Acceptance[],
): Promise<Set<string>> => {
  if (accepted.length === 0) return new Set();
  const rows = await tx.query<{ event_id: string }>(
    `select event_id::text from sender_api.status_entries where event_id = any($1::uuid[])`,
    [accepted.map((row) => row.eventId)],
  );
  return new Set(rows.map((row) => row.event_id));
};

interface Acceptance extends MessageRow {
  accepted_at: string;
  eventId: string;
}

/**
 * A letter of an authority. Citizens' letters to authorities are accepted on the same streams;
 * they have no sender here, and no status.
 */
const acceptanceOf = (event: ProjectedEvent): Acceptance[] => {
  if (event.type !== 'MessageAccepted') return [];
  const data = event.data as { senderId?: unknown; legalNotification?: unknown };
  if (typeof data.senderId !== 'string' || !data.senderId.startsWith('authority:')) return [];
  const entry = statusEntryOf(event)!;
  return [
    {
      message_id: entry.messageId,
      sender_id: data.senderId,
      legal_notification: data.legalNotification === true,
      accepted_at: entry.at,
      eventId: event.id,
    },
  ];
};

/**
 * An entry's id: its event's, or for an event naming several letters one derived from the
 * event's and the letter's, the same on every delivery of the event, so a redelivery adds none.
 */
const entryIdOf = (eventId: string, messageId: string, several: boolean): string => {
  if (!several) return eventId;
  const hex = createHash('sha256').update(`${eventId}:${messageId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

const entryOf = (event: ProjectedEvent, accepted: Acceptance[]): Entry[] => {
  const entries = statusEntriesOf(event);
  return entries.flatMap((entry) => {
    if (entry.status === 'accepted' && !accepted.some((row) => row.eventId === event.id)) {
      return [];
    }
    return [{ ...entry, eventId: entryIdOf(event.id, entry.messageId, entries.length > 1) }];
  });
};

const recordMessages = async (tx: SqlExecutor, accepted: Acceptance[]) => {
  if (accepted.length === 0) return;
  await tx.query(
    `insert into sender_api.messages (message_id, sender_id, legal_notification, accepted_at)
     select * from unnest($1::text[], $2::text[], $3::boolean[], $4::text[])
     on conflict do nothing`,
    [
      accepted.map((row) => row.message_id),
      accepted.map((row) => row.sender_id),
      accepted.map((row) => row.legal_notification),
      accepted.map((row) => row.accepted_at),
    ],
  );
};

const messagesOf = async (tx: SqlExecutor, entries: Entry[]): Promise<Map<string, MessageRow>> => {
  const rows = await tx.query<MessageRow>(
    `select message_id, sender_id, legal_notification from sender_api.messages
      where message_id = any($1::text[])`,
    [[...new Set(entries.map((entry) => entry.messageId))]],
  );
  return new Map(rows.map((row) => [row.message_id, row]));
};

const insertEntries = async (
  tx: SqlExecutor,
  entries: Entry[],
  messages: Map<string, MessageRow>,
): Promise<void> => {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => {
    const message = messages.get(entry.messageId)!;
    return {
      entry: forSender(entry, message.legal_notification),
      entry_id: entry.eventId,
      message,
    };
  });
  await tx.query(
    `insert into sender_api.status_entries (event_id, message_id, sender_id, status, at, details)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
     on conflict do nothing`,
    [
      rows.map((row) => row.entry_id),
      rows.map((row) => row.entry.messageId),
      rows.map((row) => row.message.sender_id),
      rows.map((row) => row.entry.status),
      rows.map((row) => row.entry.at),
      rows.map((row) => JSON.stringify(row.entry.details)),
    ],
  );
};

const waitUnattributed = async (tx: SqlExecutor, entries: Entry[]): Promise<void> => {
  if (entries.length === 0) return;
  await tx.query(
    `insert into sender_api.unattributed_entries (event_id, message_id, status, at, details)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
     on conflict do nothing`,
    [
      entries.map((entry) => entry.eventId),
      entries.map((entry) => entry.messageId),
      entries.map((entry) => entry.status),
      entries.map((entry) => entry.at),
      entries.map((entry) => JSON.stringify(entry.details)),
    ],
  );
};

interface UnattributedRow {
  event_id: string;
  message_id: string;
  status: StatusEntry['status'];
  at: string;
  details: Record<string, unknown>;
}

/** Entries that came before their letter's acceptance get their sender now. */
const adoptUnattributed = async (tx: SqlExecutor, messageIds: string[]): Promise<void> => {
  if (messageIds.length === 0) return;
  const waiting = await tx.query<UnattributedRow>(
    `delete from sender_api.unattributed_entries where message_id = any($1::text[])
     returning event_id, message_id, status, at, details`,
    [messageIds],
  );
  if (waiting.length === 0) return;
  waiting.sort((a, b) => a.at.localeCompare(b.at));
  const entries = waiting.map((row) => ({
    eventId: row.event_id,
    messageId: row.message_id,
    status: row.status,
    at: row.at,
    details: row.details,
  }));
  const messages = await messagesOf(tx, entries);
  await insertEntries(
    tx,
    entries.filter((entry) => messages.has(entry.messageId)),
    messages,
  );
};
