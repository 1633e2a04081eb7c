import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { ContentStore } from '@digital-post/content-store';
import type { Database, EventStore } from '@digital-post/event-store';
import type { Acting, MailboxPort, WithdrawalPort } from '@digital-post/contracts';
import { createLogger, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { consumeDeliveries } from './letters/delivery.ts';
import { scheduleDueDeliveries } from './letters/dueDeliveries.ts';
import { deliverJoinedFromBeforeV3 } from './letters/joinFromBeforeV3.ts';
import { createPageCache } from './letters/pageCache.ts';
import { withdrawalOf } from './letters/withdrawal.ts';
import { createMailboxPort } from './mailboxPort.ts';
import { recordingRefusals, recordRefusal } from './refusedAccess/refusedAccess.ts';
import { refusedAccessRoutes } from './refusedAccess/refusedAccessRoutes.ts';
import { mailboxStore } from './shared/projections.ts';
import { ensureMailboxSchema } from './shared/schema.ts';
import { createAccessCheck, type RightsSource } from './shared/mailboxAccess.ts';
import { createChangeNotifier } from './sync/changeNotifier.ts';
import type { TitlesOf } from './sync/letterProjection.ts';

export interface MailboxServiceOptions {
  store: EventStore;
  /** The service's own database: its read models, folder names and consumer bookkeeping. */
  db: Database;
  bus: EventBus;
  content: ContentStore;
  /**
   * The access-control service's rights (its port): who besides a citizen owner may act for
   * which mailbox. Without it only citizens act, each on their own mailbox.
   */
  access?: RightsSource;
  now?: () => Date;
  /** How often watchers are checked in case a change notification was missed. Default 1 s. */
  changePollMs?: number;
  /** Listing pages kept in memory for mailboxes listed again unchanged. Default 1,000. */
  listingPages?: number;
  /** How often letters held for their delivery time are looked at. Default 1 s. */
  dueDeliveryPollMs?: number;
  /** Where a failure of the background work goes; by default the service's error log. */
  onError?: (error: unknown) => void;
}

export interface MailboxService {
  /** Creates the service's tables, then starts delivering letters and notifying watchers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What the gateway calls (in process here; `servePort` offers it over HTTP). */
  port: MailboxPort;
  /** For operators, behind operator tokens: refused attempts to reach mailboxes. */
  adminRoutes: FastifyPluginAsyncZod;
  /** For the operations service: misdelivered letters taken out of mailboxes (remediation). */
  withdrawal: WithdrawalPort;
}

export const createMailboxService = (options: MailboxServiceOptions): MailboxService => {
  const now = options.now ?? (() => new Date());
  const notifier = createChangeNotifier(options.db, options.changePollMs);
  const pages = createPageCache(notifier, options.listingPages);
  const access = createAccessCheck(options.access, now);
  const titlesOf: TitlesOf = (tx, ids) => options.content.getTitles(ids, tx);
  const store = mailboxStore(options.store, options.db, titlesOf, pages.changed);
  const onError =
    options.onError ??
    ((error: unknown) =>
      createLogger({ serviceName: 'mailbox' }).error({ err: error }, 'mailbox failed'));
  const recordRefused = (acting: Acting) => recordRefusal(options.db, acting, now());
  const watchRefused = (acting: Acting) => void recordRefused(acting).catch(onError);
  let consumer: RunningConsumer | undefined;
  let dueDeliveries: { stop(): Promise<void> } | undefined;
  return {
    start: async () => {
      await ensureMailboxSchema(options.db);
      const delivery = { store, now };
      await deliverJoinedFromBeforeV3(options.db, delivery);
      consumer = await consumeDeliveries(options.bus, delivery);
      const everyMs = options.dueDeliveryPollMs ?? 1000;
      dueDeliveries = scheduleDueDeliveries(options.db, delivery, everyMs, onError);
      await notifier.start();
    },
    stop: async () => {
      await dueDeliveries?.stop();
      await consumer?.stop();
      await notifier.stop();
    },
    port: recordingRefusals(
      createMailboxPort({ ...options, store, notifier, pages, now, access, watchRefused }),
      recordRefused,
      onError,
    ),
    adminRoutes: refusedAccessRoutes(options.db),
    withdrawal: withdrawalOf({ store, db: options.db, now }),
  };
};
