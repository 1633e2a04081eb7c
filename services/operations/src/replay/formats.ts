import type { RecordedEvent } from '@digital-post/event-store';
import { csvRecord } from '@digital-post/service-kit';

/** One event as a replay gives it: the log's own names, its position first. */
export const replayedOf = (event: RecordedEvent) => ({
  position: event.globalPosition,
  transactionId: event.transactionId,
  recordedAt: event.recordedAt.toISOString(),
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  type: event.type,
  schemaVersion: event.schemaVersion,
  eventId: event.id,
  actor: event.metadata.actor ?? null,
  correlationId: event.metadata.correlationId ?? null,
  data: event.data,
});

/** A line of NDJSON. */
export const ndjsonLine = (event: RecordedEvent): string =>
  `${JSON.stringify(replayedOf(event))}\n`;

const csvColumns = [
  'position',
  'transaction_id',
  'recorded_at',
  'stream_id',
  'stream_version',
  'event_type',
  'schema_version',
  'event_id',
  'actor_kind',
  'actor_id',
  'on_behalf_of',
  'client',
  'correlation_id',
  'data',
];

export const csvHeader = csvRecord(csvColumns);

/** A record of CSV: the data as JSON in one field. */
export const csvLine = (event: RecordedEvent): string => {
  const { actor, data, ...replayed } = replayedOf(event);
  return csvRecord([
    replayed.position,
    replayed.transactionId,
    replayed.recordedAt,
    replayed.streamId,
    replayed.streamVersion,
    replayed.type,
    replayed.schemaVersion,
    replayed.eventId,
    actor?.kind ?? null,
    actor?.id ?? null,
    actor?.onBehalfOf ?? null,
    actor?.client ?? null,
    replayed.correlationId,
    JSON.stringify(data),
  ]);
};

export type ReplayFormat = 'ndjson' | 'csv';

/** The replay's text in the format asked for, a line at a time (CSV: its header first). */
export async function* replayLines(
  events: AsyncIterable<RecordedEvent>,
  format: ReplayFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader;
  const line = format === 'csv' ? csvLine : ndjsonLine;
  for await (const event of events) yield line(event);
}
