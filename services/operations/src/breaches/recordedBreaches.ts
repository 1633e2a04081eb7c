import type { Database } from '@digital-post/event-store';
import { foldEvents } from '@digital-post/service-kit';
import { breachDecider, type BreachEvent, type BreachState } from './breachDecider.ts';
import { deadlinesOf } from './deadlines.ts';

/** Every breach recorded, from the log (few, and each a short stream). */
export const allBreaches = async (db: Database): Promise<BreachState[]> => {
  const rows = await db.query<{
    stream_id: string;
    event_type: BreachEvent['type'];
    schema_version: number;
    data: never;
  }>(
    `select stream_id, event_type, schema_version, data from events where stream_category = 'breach'
      order by global_position`,
  );
  const byStream = new Map<string, BreachEvent[]>();
  for (const row of rows) {
    const events = byStream.get(row.stream_id) ?? [];
    events.push({
      type: row.event_type,
      schemaVersion: row.schema_version,
      data: row.data,
    } as BreachEvent);
    byStream.set(row.stream_id, events);
  }
  return [...byStream.values()].map((events) => foldEvents(breachDecider, events));
};

/** What operators watch of the breaches: how many are open, overdue, and when the next is due. */
export interface BreachFigures {
  open: number;
  /** Open breaches with a deadline missed. */
  overdue: number;
  /** Seconds until the nearest deadline not yet met and not yet passed; null when none. */
  nextDueSeconds: number | null;
}

export const breachFigures = async (db: Database, now: Date): Promise<BreachFigures> => {
  const open = (await allBreaches(db)).filter((state) => state.found && !state.closed);
  const deadlines = open.map((state) => deadlinesOf(state, now));
  const pending = deadlines
    .flatMap(({ preliminary, followUp }) => [preliminary, followUp])
    .filter((deadline) => deadline.due !== null && deadline.filedAt === null && !deadline.overdue)
    .map((deadline) => (Date.parse(deadline.due!) - now.getTime()) / 1000);
  return {
    open: open.length,
    overdue: deadlines.filter((d) => d.preliminary.overdue || d.followUp.overdue).length,
    nextDueSeconds: pending.length > 0 ? Math.min(...pending) : null,
  };
};
