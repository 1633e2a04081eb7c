import type { RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { latestDataOf } from '@digital-post/service-kit';
import { queueNoticesOfArrivals, type ArrivalsDeps } from './arrivals.ts';
import {
  cancelOnOpen,
  rememberLegalNotifications,
  type LegalArrival,
  type Open,
} from './reminders.ts';

export interface LettersDeps extends ArrivalsDeps {
  reminderAfterMs: number;
}

const legalArrivalOf = (event: RecordedEvent): LegalArrival[] => {
  if (event.type !== 'MessageDelivered') return [];
  const data = latestDataOf<LegalArrival & { legalNotification: boolean }>(event);
  return data.legalNotification ? [data] : [];
};

const openOf = (event: RecordedEvent): Open[] =>
  event.type === 'MessageOpened' ? [latestDataOf<Open>(event)] : [];

/**
 * The mailboxes' letters as the notification service follows them, a batch in one transaction:
 * arrivals queue notices and remember legal notifications' reminders; opens end reminders. A
 * letter's delivery and its opens are one stream, so an open never comes before its arrival.
 */
export const handleLetterEvents = async (
  deps: LettersDeps,
  tx: SqlExecutor,
  events: readonly RecordedEvent[],
): Promise<void> => {
  await queueNoticesOfArrivals(deps, tx, events);
  await rememberLegalNotifications(tx, events.flatMap(legalArrivalOf), deps.reminderAfterMs);
  await cancelOnOpen(deps.store, tx, events.flatMap(openOf));
};
