import { randomUUID } from 'node:crypto';

/**
 * A new event's id: a version 7 UUID (RFC 9562), the time in milliseconds and then 74 random
 * bits. Ids made close in time sort close together, so every index keyed by event id (the log's,
 * each consumer's processed ids, the read models' entries) takes new ids near its end, on pages
 * already in memory, instead of one random page of the whole index each; random ids dirtied a
 * page per event and, after each checkpoint, wrote it whole to the WAL.
 */
export const newEventId = (now = Date.now()): string => {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID's last 22 hex digits are random but for the variant, which v7 keeps as it is.
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
};

/** The events with ids: a given id is kept (it makes a retry safe), the others are new. */
export const withEventIds = <Event extends { id?: string }>(
  events: readonly Event[],
): Array<Event & { id: string }> =>
  events.map((event) => ({ ...event, id: event.id ?? newEventId() }));
