import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { Database, EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { createCommandHandler, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { adminRoutesOf } from './admin/adminRoutes.ts';
import { enrollmentDecider, type Reachability } from './enrollment/enrollmentDecider.ts';
import { enrollmentEventTypes } from './enrollment/enrollmentEvents.ts';
import { enrollmentRoutes } from './enrollment/enrollmentRoutes.ts';
import { projectEnrollmentEvent, reachabilityOfRecipient } from './enrollment/reachabilityModel.ts';
import { seedEnrollments, type SeedOutcome } from './enrollment/seedEnrollments.ts';
import { contractCheckedStore, dataOf } from './eventContracts.ts';
import { forwardingDecider } from './forwarding/forwardingDecider.ts';
import { projectRuleAdded, projectRuleRemoved } from './forwarding/forwardingRules.ts';
import { forwardingRoutes } from './forwarding/forwardingRoutes.ts';
import type { PrintChannel } from './print/printChannel.ts';
import type { Recipient } from './recipients/mailboxId.ts';
import { ensureRoutingSchema } from './readModelSchema.ts';
import { heldMessagesRoutes } from './routing/heldMessagesRoutes.ts';
import { followForwardingRules, type RouteResolver } from './routing/resolveRoute.ts';
import { routeAcceptedMessage } from './routing/routeAcceptedMessage.ts';

export interface RoutingServiceDeps {
  store: EventStore;
  /** The service's database; the store's, since decisions are appended in its transactions. */
  db: Database;
  bus: EventBus;
  now?: () => Date;
  printChannel: PrintChannel;
  /** Most forwarding rules one letter may follow; more is held. Default 3. */
  maxForwardingChain?: number;
  /** Recorded on every decision (routerRelease), to find a faulty release's decisions. */
  release?: string;
  /**
   * Replaces how routes are proposed. For tests that simulate a faulty router: whatever it
   * proposes is still checked by the delivery invariant before anything is delivered.
   */
  resolveRoute?: RouteResolver;
}

export interface RoutingService {
  start(): Promise<void>;
  stop(): Promise<void>;
  adminRoutes: FastifyPluginAsyncZod;
  reachability(recipient: Recipient): Promise<Reachability>;
  seedEnrollments(file: string): Promise<SeedOutcome>;
}

export const ROUTING_CONSUMER_GROUP = 'routing';

export const createRoutingService = (deps: RoutingServiceDeps): RoutingService => {
  const now = deps.now ?? (() => new Date());
  const store = contractCheckedStore(deps.store);
  const routeMessage = routeAcceptedMessage({
    store,
    printChannel: deps.printChannel,
    resolveRoute: deps.resolveRoute ?? followForwardingRules,
    now,
    release: deps.release ?? 'development',
    maxForwardingChain: deps.maxForwardingChain ?? 3,
  });
  const handle = async (event: RecordedEvent, tx: SqlExecutor): Promise<void> => {
    if (event.type === 'MessageAccepted') return routeMessage(event, tx);
    if (event.type === 'ForwardingRuleAdded') return projectRuleAdded(tx, dataOf(event));
    if (event.type === 'ForwardingRuleRemoved') return projectRuleRemoved(tx, dataOf(event));
    return projectEnrollmentEvent(tx, event);
  };
  let consumer: RunningConsumer | undefined;
  return {
    start: async () => {
      await ensureRoutingSchema(deps.db);
      // One group for letters and the rules and enrollments they are routed by: the read models
      // then move in log order with the letters, so a letter is routed by exactly the rules and
      // enrollments committed before it, never by a projection running behind.
      consumer = await deps.bus.consume({
        groupId: ROUTING_CONSUMER_GROUP,
        categories: ['message', 'forwarding', 'enrollment'],
        eventTypes: [
          'MessageAccepted',
          'ForwardingRuleAdded',
          'ForwardingRuleRemoved',
          ...enrollmentEventTypes,
        ],
        handle,
      });
    },
    stop: async () => {
      await consumer?.stop();
      consumer = undefined;
    },
    adminRoutes: adminRoutesOf([
      enrollmentRoutes({
        enrollments: createCommandHandler(store, enrollmentDecider),
        db: deps.db,
        now,
      }),
      forwardingRoutes({ rules: createCommandHandler(store, forwardingDecider), db: deps.db, now }),
      heldMessagesRoutes({ db: deps.db }),
    ]),
    reachability: (recipient) => reachabilityOfRecipient(deps.db, recipient, now().toISOString()),
    seedEnrollments: (file) => seedEnrollments(store, file),
  };
};

export type { PrintChannel, PrintOrder, PrintReceipt } from './print/printChannel.ts';
export { createLocalFilePrintChannel } from './print/localFilePrintChannel.ts';
export { checkDeliveryInvariant } from './invariant/deliveryInvariant.ts';
export type { RouteResolver, RouteProposal, RoutingLookups } from './routing/resolveRoute.ts';
export type { Reachability } from './enrollment/enrollmentDecider.ts';
export type { SeedOutcome } from './enrollment/seedEnrollments.ts';
