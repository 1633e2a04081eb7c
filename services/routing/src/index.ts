import { inEventTrace, type EventBus, type RunningConsumer } from '@digital-post/bus';
import {
  batchingStore,
  type Database,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
} from '@digital-post/event-store';
import type { PrintChannel } from '@digital-post/print';
import {
  contractCheckedStore,
  createCommandHandler,
  dataOf,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import type { RedecisionPort } from '@digital-post/contracts';
import { adminRoutesOf } from './admin/adminRoutes.ts';
import { forwardingDecider } from './forwarding/forwardingDecider.ts';
import { projectRuleAdded, projectRuleRemoved } from './forwarding/forwardingRules.ts';
import { forwardingRoutes } from './forwarding/forwardingRoutes.ts';
import { ensureRoutingSchema } from './readModelSchema.ts';
import { redecisionOf } from './redecision/redecide.ts';
import { redirectionOf } from './redecision/redirect.ts';
import { heldLettersRoutes } from './routing/heldLettersRoutes.ts';
import { followForwardingRules, type RouteResolver } from './routing/resolveRoute.ts';
import {
  MAX_FORWARDING_CHAIN,
  routeAcceptedLetter,
  streamsToRoute,
} from './routing/routeAcceptedLetter.ts';

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
  /**
   * Letters decided again by this release from the facts of their time (incidents), and routed
   * again where their decision was wrong (remediation).
   */
  redecision: RedecisionPort;
}

export const ROUTING_CONSUMER_GROUP = 'routing';

export const createRoutingService = (deps: RoutingServiceDeps): RoutingService => {
  const now = deps.now ?? (() => new Date());
  const release = deps.release ?? 'development';
  const maxForwardingChain = deps.maxForwardingChain ?? MAX_FORWARDING_CHAIN;
  // Letters are routed a batch at a time: their streams read at once, decisions written at once.
  const batching = batchingStore(deps.store);
  const store = contractCheckedStore(batching);
  const routeLetter = routeAcceptedLetter({
    store,
    printChannel: deps.printChannel,
    resolveRoute: deps.resolveRoute ?? followForwardingRules,
    now,
    release,
    maxForwardingChain,
  });
  const handle = async (event: RecordedEvent, tx: SqlExecutor): Promise<void> => {
    if (event.type === 'MessageAccepted') return routeLetter(event, tx);
    if (event.type === 'ForwardingRuleAdded') return projectRuleAdded(tx, dataOf(event));
    if (event.type === 'ForwardingRuleRemoved') return projectRuleRemoved(tx, dataOf(event));
  };
  const handleBatch = (events: RecordedEvent[], tx: SqlExecutor): Promise<void> =>
    batching.inBatch(tx, async (batch) => {
      await batch.prefetch(
        events.flatMap((event) => (event.type === 'MessageAccepted' ? streamsToRoute(event) : [])),
      );
      for (const event of events) {
        await inEventTrace(event, { 'digitalpost.consumer': ROUTING_CONSUMER_GROUP }, () =>
          handle(event, tx),
        );
      }
    });
  let consumer: RunningConsumer | undefined;
  return {
    start: async () => {
      await ensureRoutingSchema(deps.db);
      // One group for letters and the forwarding rules' read model. A letter is decided from the
      // addressee's enrollment stream and the rules' streams in the store (streamLookups.ts), not
      // from a read model, so it never waits on one; the enrollment service owns enrollment.
      consumer = await deps.bus.consume({
        groupId: ROUTING_CONSUMER_GROUP,
        // Letters accepted from authorities (sender API) and written from mailboxes (mailbox).
        categories: ['message', 'written', 'forwarding'],
        eventTypes: ['MessageAccepted', 'ForwardingRuleAdded', 'ForwardingRuleRemoved'],
        handleBatch,
      });
    },
    stop: async () => {
      await consumer?.stop();
      consumer = undefined;
    },
    adminRoutes: adminRoutesOf([
      forwardingRoutes({ rules: createCommandHandler(store, forwardingDecider), db: deps.db, now }),
      heldLettersRoutes({ db: deps.db }),
    ]),
    redecision: {
      ...redecisionOf({ store: deps.store, release, maxForwardingChain }),
      ...redirectionOf({ ...deps, writer: store, release, maxForwardingChain }),
    },
  };
};

export type { PrintChannel, PrintOrder, PrintReceipt } from '@digital-post/print';
export { createLocalFilePrintChannel } from '@digital-post/print';
export { checkDeliveryInvariant } from './invariant/deliveryInvariant.ts';
export type { RouteResolver, RouteProposal, RoutingLookups } from './routing/resolveRoute.ts';
/** This release's route finding, for tests that build a faulty release from it. */
export { followForwardingRules } from './routing/resolveRoute.ts';
export { redecisionOf } from './redecision/redecide.ts';
/** For the database's setup by its owner (platform's setupDatabase): the service's own schema. */
export { ensureRoutingSchema } from './readModelSchema.ts';
