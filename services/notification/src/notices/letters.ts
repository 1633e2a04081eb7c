import type { MessageOpened } from '@digital-post/contracts';
import type { RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { latestDataOf } from '@digital-post/service-kit';
import { queueNoticesOfArrivals, type ArrivalsDeps } from './arrivals.ts';
import {
  endReminders,
  rememberLegalNotifications,
  type LegalArrival,
  type ReminderEnd,
} from './reminders.ts';
import { forgetWithdrawn, withdrawalOf } from './withdrawals.ts';

export interface LettersDeps extends ArrivalsDeps {
  reminderAfterMs: number;
}

const legalArrivalOf = (event: RecordedEvent): LegalArrival[] => {
  if (event.type !== 'MessageDelivered') return [];
  const data = latestDataOf<LegalArrival & { legalNotification: boolean }>(event);
  return data.legalNotification ? [data] : [];
};

/** An open ends the letter's reminder as of its time. */
const openOf = (event: RecordedEvent): ReminderEnd[] => {
  if (event.type !== 'MessageOpened') return [];
  const { mailboxId, messageId, openedAt } = latestDataOf<MessageOpened>(event);
  return [{ mailboxId, messageId, at: openedAt }];
};

/**
 * The mailboxes' letters as the notification service follows them, a batch in one transaction:
 * arrivals queue notices and remember legal notifications' reminders; opens end reminders; a
 * withdrawal takes the letter out of every notice still waiting. A letter's delivery, its opens
 * and its withdrawal are one stream, so neither comes before its arrival.
 */
export const handleLetterEvents = async (
  deps: LettersDeps,
  tx: SqlExecutor,
  events: readonly RecordedEvent[],
): Promise<void> => {
  await queueNoticesOfArrivals(deps, tx, events);
  await rememberLegalNotifications(tx, events.flatMap(legalArrivalOf), deps.reminderAfterMs);
  await endReminders(deps.store, tx, events.flatMap(openOf), 'opened');
  await forgetWithdrawn(deps.store, tx, events.flatMap(withdrawalOf));
};
