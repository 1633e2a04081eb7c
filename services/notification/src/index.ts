// The notification service's public face: the service (its port for the owner's details) and,
// for the database's setup by its owner, its schema and the move of older releases' details.
// Its stream names, decider and tables stay inside.
export {
  createNotificationService,
  type NotificationService,
  type NotificationServiceOptions,
} from './notificationService.ts';
export {
  adoptNoticeDetailsFromEnrollment,
  createNoticeDetails,
  type NoticeDetailsOptions,
} from './noticeDetails/index.ts';
export { ensureNotificationSchema } from './schema.ts';
