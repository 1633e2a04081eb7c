import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { ContentStore } from '@digital-post/content-store';
import type { Database, EventStore, SqlExecutor } from '@digital-post/event-store';
import type { MailboxPort } from '@digital-post/contracts';
import { projectEventLog } from './eventLog/eventLogProjection.ts';
import { consumeDeliveries } from './letters/delivery.ts';
import { deliverJoinedFromBeforeV3 } from './letters/joinFromBeforeV3.ts';
import { createMailboxPort } from './mailboxPort.ts';
import type { AppendedEvent } from './shared/projectedAppend.ts';
import { ensureMailboxSchema } from './shared/schema.ts';
import { createChangeNotifier } from './sync/changeNotifier.ts';
import { projectLetters } from './sync/letterProjection.ts';

export interface MailboxServiceOptions {
  store: EventStore;
  /** The service's own database: its read models, folder names and consumer bookkeeping. */
  db: Database;
  bus: EventBus;
  content: ContentStore;
  now?: () => Date;
  /** How often watchers are checked in case a change notification was missed. Default 1 s. */
  changePollMs?: number;
}

export interface MailboxService {
  /** Creates the service's tables, then starts delivering letters and notifying watchers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What the gateway calls (in process here; `servePort` offers it over HTTP). */
  port: MailboxPort;
}

/**
 * The read models in the order they must run: the letters projection takes the mailbox's change
 * counter first, which serialises a mailbox's writers, so its event log entries commit in order.
 */
const project = async (tx: SqlExecutor, events: AppendedEvent[]): Promise<void> => {
  await projectLetters(tx, events);
  await projectEventLog(tx, events);
};

export const createMailboxService = (options: MailboxServiceOptions): MailboxService => {
  const now = options.now ?? (() => new Date());
  const notifier = createChangeNotifier(options.db, options.changePollMs);
  let consumer: RunningConsumer | undefined;
  return {
    start: async () => {
      await ensureMailboxSchema(options.db);
      const delivery = { store: options.store, project, now };
      await deliverJoinedFromBeforeV3(options.db, delivery);
      consumer = await consumeDeliveries(options.bus, delivery);
      await notifier.start();
    },
    stop: async () => {
      await consumer?.stop();
      await notifier.stop();
    },
    port: createMailboxPort({ ...options, project, notifier, now }),
  };
};
