import type { ConsumerLag } from '@digital-post/bus';

/** What waits to be handled, as operators read it: how many, since when, how long. */
export interface Backlog {
  events: number;
  oldestRecordedAt: string | null;
  ageSeconds: number | null;
}

export const backlogOf = ({ events, oldestRecordedAt }: ConsumerLag, now: number): Backlog => ({
  events,
  oldestRecordedAt: oldestRecordedAt ? oldestRecordedAt.toISOString() : null,
  ageSeconds: oldestRecordedAt
    ? Math.max(0, Math.round((now - oldestRecordedAt.getTime()) / 1000))
    : null,
});
