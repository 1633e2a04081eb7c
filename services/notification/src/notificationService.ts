import type { NoticeDetailsPort } from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import { adoptNoticeDetailsFromEnrollment, noticeDetailsPortOf } from './noticeDetails/index.ts';
import { ensureNotificationSchema } from './schema.ts';

export interface NotificationServiceOptions {
  store: Pick<EventStore, 'append' | 'readStream'>;
  /** The database of `store`: the service's tables live beside the events. */
  db: Database;
  now?: () => Date;
}

export interface NotificationService {
  /** The owner's details for notices, for the gateway; apart from enrollment (August 2023). */
  noticeDetails: NoticeDetailsPort;
  /** Makes the service's tables, and takes over details an older release kept in enrollment. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const createNotificationService = (
  options: NotificationServiceOptions,
): NotificationService => ({
  noticeDetails: noticeDetailsPortOf(options),
  start: async () => {
    await ensureNotificationSchema(options.db);
    await adoptNoticeDetailsFromEnrollment(options.db);
  },
  stop: async () => {},
});
