// The notification service's test support, for its tests, test/ and bench/: a real SMTP server
// and an SMS provider's stand-in on loopback that keep what they took, and the service's harness.
export { openNotificationHarness, type NotificationHarness } from './notificationHarness.ts';
export { startSmsSink, type ReceivedSms, type SmsSink } from './smsSink.ts';
export { startSmtpSink, type ReceivedMail, type SmtpSink } from './smtpSink.ts';
