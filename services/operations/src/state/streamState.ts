import { eventColumns, toRecorded, type Database, type EventRow } from '@digital-post/event-store';
import type { Bound } from '../replay/logWindow.ts';
import { viewOf, type StreamView } from './views.ts';

/** A stream as it stood at a moment: how far it had come, and what its events said. */
export interface StreamState {
  streamId: string;
  /** The moment: the time asked for, or the time of the position asked for, or now. */
  at: string;
  /** Its events up to then, and the last one's version and place in the log (0 when none). */
  events: number;
  version: number;
  position: number;
  view: StreamView;
}

/** The stream's events up to and including the bound (a time, or a log position), in order. */
export const streamStateAt = async (
  db: Database,
  streamId: string,
  bound?: Bound,
): Promise<StreamState> => {
  const position = bound && 'position' in bound ? bound.position : null;
  const time = bound && 'at' in bound ? bound.at : null;
  const rows = await db.query<EventRow>(
    `select ${eventColumns} from events
      where stream_id = $1
        and ($2::bigint is null or global_position <= $2)
        and ($3::timestamptz is null or recorded_at <= $3)
      order by stream_version`,
    [streamId, position, time],
  );
  const events = rows.map(toRecorded);
  const last = events.at(-1);
  const at = (
    time ?? (position === null ? new Date() : (last?.recordedAt ?? new Date()))
  ).toISOString();
  return {
    streamId,
    at,
    events: events.length,
    version: last?.streamVersion ?? 0,
    position: last?.globalPosition ?? 0,
    view: viewOf(streamId, events, at),
  };
};
