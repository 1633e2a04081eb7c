import {
  eventColumns,
  toRecorded,
  type Database,
  type EventRow,
  type RecordedEvent,
} from '@digital-post/event-store';
import type { Bound, LogWindow } from './logWindow.ts';
import { filterSql } from './windowSql.ts';

/** How far a replay has come, for a progress line. */
export interface ReplayProgress {
  /** Events given so far. */
  events: number;
  /** Log positions passed over so far, given or not. */
  passed: number;
  /** Positions in the window, from its first to its last. */
  span: number;
  elapsedSeconds: number;
}

export interface ReplayOptions {
  /** Events read at a time. */
  pageSize?: number;
  onProgress?(progress: ReplayProgress): void;
}

/** The positions a window spans: after `after`, up to and including `last`. */
export interface PositionRange {
  after: number;
  last: number;
}

/**
 * The log's events in a window, in position order, as they stood when the replay began: what
 * is written after that lies beyond the window's last position. Read a page at a time on the
 * log's primary key, so a replay of millions of events holds one page in memory.
 */
export async function* replayLog(
  db: Database,
  window: LogWindow,
  { pageSize = 2_000, onProgress }: ReplayOptions = {},
): AsyncGenerator<RecordedEvent> {
  const range = await positionsOf(db, window);
  const filters = filterSql(window, 6);
  const started = Date.now();
  let after = range.after;
  let events = 0;
  while (after < range.last) {
    const rows = await db.query<EventRow>(
      `select ${eventColumns} from events
        where global_position > $1 and global_position <= $2
          and ($3::timestamptz is null or recorded_at >= $3)
          and ($4::timestamptz is null or recorded_at < $4) ${filters.sql}
        order by global_position limit $5`,
      [after, range.last, timeOf(window.from), timeOf(window.to), pageSize, ...filters.params],
    );
    for (const row of rows) yield toRecorded(row);
    events += rows.length;
    after = rows.length < pageSize ? range.last : Number(rows.at(-1)!.global_position);
    const elapsedSeconds = (Date.now() - started) / 1000;
    onProgress?.({
      events,
      passed: after - range.after,
      span: range.last - range.after,
      elapsedSeconds,
    });
  }
}

const timeOf = (bound: Bound | undefined): Date | null =>
  bound && 'at' in bound ? bound.at : null;

/**
 * A window's bounds as positions. A time is found on the log's time index; the last position is
 * the head as the replay begins when the window has no end.
 */
export const positionsOf = async (
  db: Database,
  { from, to }: Pick<LogWindow, 'from' | 'to'>,
): Promise<PositionRange> => {
  const [head] = await db.query<{ last: string }>(
    `select coalesce(max(global_position), 0) as last from events`,
  );
  const last = Math.min(Number(head!.last), await lastOf(db, to, Number(head!.last)));
  return { after: await afterOf(db, from, last), last };
};

const lastOf = async (db: Database, to: Bound | undefined, head: number) => {
  if (!to) return head;
  if ('position' in to) return to.position;
  const [row] = await db.query<{ last: string | null }>(
    `select max(global_position) as last from events where recorded_at < $1`,
    [to.at],
  );
  return Number(row?.last ?? 0);
};

const afterOf = async (db: Database, from: Bound | undefined, last: number) => {
  if (!from) return 0;
  if ('position' in from) return from.position;
  const [row] = await db.query<{ first: string | null }>(
    `select min(global_position) as first from events where recorded_at >= $1`,
    [from.at],
  );
  return row?.first == null ? last : Number(row.first) - 1;
};

/** Items of a stream a page at a time, each mapped: the pages a reconstruction works on. */
export async function* inPages<T, R>(
  items: AsyncIterable<T>,
  size: number,
  of: (item: T) => R,
): AsyncGenerator<R[]> {
  let page: R[] = [];
  for await (const item of items) {
    page.push(of(item));
    if (page.length < size) continue;
    yield page;
    page = [];
  }
  if (page.length > 0) yield page;
}
