import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { NoticeChannel, NoticeDetailsPort } from '@digital-post/contracts';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import { repeatEvery, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { DEFAULT_DISPATCH, dispatchDue, type DispatchOptions } from './dispatch/dispatcher.ts';
import { paceOf } from './dispatch/pace.ts';
import type { NoticeProvider } from './dispatch/provider.ts';
import { adoptNoticeDetailsFromEnrollment, noticeDetailsPortOf } from './noticeDetails/index.ts';
import { handleLetterEvents } from './notices/letters.ts';
import { DEFAULT_WINDOW_MS } from './notices/newPost.ts';
import { DEFAULT_QUIET_PERIOD, quietPeriodSchema, type QuietPeriod } from './notices/quietHours.ts';
import { DEFAULT_REMINDER_AFTER_MS, queueDueReminders } from './notices/reminders.ts';
import { notificationOperatorRoutes } from './operations/operatorRoutes.ts';
import { ensureNotificationSchema } from './schema.ts';
import { quietPeriodInForce } from './settings/quietPeriodSetting.ts';

export const LETTERS_CONSUMER_GROUP = 'notification-letters';

export interface NotificationServiceOptions {
  store: Pick<EventStore, 'append' | 'appendToStreams' | 'readStream'>;
  /** The database of `store`: the service's tables live beside the events. */
  db: Database;
  bus: EventBus;
  /** Where notices go, by channel; a channel without one keeps its notices queued. */
  providers?: Partial<Record<NoticeChannel, NoticeProvider>>;
  /**
   * Each provider's rate limit in notices a second: notices go out at that pace, never faster.
   * A channel without one is not paced.
   */
  perSecond?: Partial<Record<NoticeChannel, number>>;
  /** How long letters to one mailbox share one notice per channel. Default 15 minutes. */
  windowMs?: number;
  /** How long a legal notification may lie unopened before its reminder. Default 7 days. */
  reminderAfterMs?: number;
  /** When no SMS goes out: held until its end. Default 22:00 to 07:00, Copenhagen time. */
  smsQuietPeriod?: QuietPeriod;
  /** How often the outbox is looked at for due notices. Default a second. */
  dispatchEveryMs?: number;
  dispatch?: Partial<DispatchOptions>;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface NotificationService {
  /** The owner's details for notices, for the gateway; apart from enrollment (August 2023). */
  noticeDetails: NoticeDetailsPort;
  /** The operators' routes (failures, the SMS quiet period), behind the platform's operator check. */
  adminRoutes: FastifyPluginAsyncZod;
  /**
   * Makes the service's tables, takes over details an older release kept in enrollment, follows
   * the mailboxes' deliveries into notices, and hands due notices to their providers.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * One round, as its timer runs it: reminders due queued, then notices due handed to their
   * providers; how many notices it took into hand.
   */
  dispatchDue(): Promise<number>;
}

export const createNotificationService = (
  options: NotificationServiceOptions,
): NotificationService => {
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => undefined);
  const providers = options.providers ?? {};
  // Checked once here: a period that makes no sense stops the service from starting.
  const configured = quietPeriodSchema.parse(options.smsQuietPeriod ?? DEFAULT_QUIET_PERIOD);
  // An operator's setting overrides it; read at each round and each batch, so a change holds at once.
  const quietNow = (db: SqlExecutor) => quietPeriodInForce(db, configured);
  const dispatchOptions = { ...DEFAULT_DISPATCH, ...options.dispatch };
  const paces = { email: paceOf(options.perSecond?.email), sms: paceOf(options.perSecond?.sms) };
  const dispatch = async () => {
    const quiet = await quietNow(options.db);
    await queueDueReminders({ ...options, quiet }, now(), dispatchOptions.batchSize);
    return dispatchDue({ ...options, quiet, providers, paces, now, options: dispatchOptions });
  };
  let letters: RunningConsumer | undefined;
  let dispatcher: { stop(): Promise<void> } | undefined;
  return {
    noticeDetails: noticeDetailsPortOf(options),
    adminRoutes: notificationOperatorRoutes({ ...options, configured, now }),
    dispatchDue: dispatch,
    start: async () => {
      await ensureNotificationSchema(options.db);
      await adoptNoticeDetailsFromEnrollment(options.db);
      const deps = {
        store: options.store,
        windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
        reminderAfterMs: options.reminderAfterMs ?? DEFAULT_REMINDER_AFTER_MS,
      };
      letters ??= await options.bus.consume({
        groupId: LETTERS_CONSUMER_GROUP,
        categories: ['mailbox'],
        eventTypes: ['MessageDelivered', 'MessageOpened', 'MessageWithdrawn'],
        handleBatch: async (events, tx) =>
          handleLetterEvents({ ...deps, quiet: await quietNow(tx) }, tx, events),
        onError,
      });
      dispatcher ??= repeatEvery(dispatch, options.dispatchEveryMs ?? 1_000, onError);
    },
    stop: async () => {
      await dispatcher?.stop();
      await letters?.stop();
      dispatcher = letters = undefined;
      await Promise.all(Object.values(providers).map((provider) => provider?.close()));
    },
  };
};
