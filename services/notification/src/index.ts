// The notification service's public face: the service (its port for the owner's details), its
// providers (SMTP, an SMS API, and the local sinks that stand in for them on a developer's
// machine) and, for the database's setup by its owner, its schema and the move of older
// releases' details.
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
export { createSmsProvider, type SmsProviderOptions } from './dispatch/smsProvider.ts';
export { createSmtpProvider, type SmtpProviderOptions } from './dispatch/smtpProvider.ts';
export type { NoticeProvider } from './dispatch/provider.ts';
export { startNoticeFileSinks, type NoticeFileSinks } from './sinks/fileSinks.ts';
