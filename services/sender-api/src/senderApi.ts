import type { TokenVerifier } from '@digital-post/auth';
import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { ContentStore } from '@digital-post/content-store';
import type { ReachabilityPort } from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { requireAuthoritySystem } from './http/authority.ts';
import { startIncomingConsumer } from './incoming/consumer.ts';
import { incomingRoutes } from './incoming/routes.ts';
import { DEFAULT_LIMITS, type SenderApiLimits } from './limits.ts';
import { messageRoutes } from './messages/routes.ts';
import { reachabilityRoutes } from './reachability/routes.ts';
import { receiptRoutes } from './receipts/routes.ts';
import { ensureSenderApiSchema } from './schema.ts';
import { startStatusConsumer } from './status/statusConsumer.ts';
import { statusRoutes } from './status/routes.ts';

export interface SenderApiOptions {
  store: EventStore;
  /**
   * The service's own database: content, the status read model, the authorities' incoming
   * letters and consumer bookkeeping.
   */
  db: Database;
  bus: EventBus;
  content: ContentStore;
  verifier: TokenVerifier;
  /** The enrollment service's answer to "can this recipient get Digital Post now?" */
  reachability: ReachabilityPort;
  now?: () => Date;
  limits?: Partial<SenderApiLimits>;
  onConsumerError?: (error: unknown) => void;
}

export interface SenderApi {
  /** The HTTP API for authority systems; every route needs an authority-system token. */
  routes: FastifyPluginAsyncZod;
  /** Creates the read models if missing and starts following the letters' events. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const createSenderApi = (options: SenderApiOptions): SenderApi => {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const deps = {
    store: options.store,
    db: options.db,
    content: options.content,
    now: options.now ?? (() => new Date()),
  };
  let schema: Promise<void> | undefined;
  const ensureSchema = () => (schema ??= ensureSenderApiSchema(options.db));
  let consumers: RunningConsumer[] = [];

  return {
    routes: async (app) => {
      await ensureSchema();
      requireAuthoritySystem(app, options.verifier);
      await app.register(messageRoutes(deps, limits));
      await app.register(statusRoutes(options.db));
      await app.register(receiptRoutes(options.db));
      await app.register(reachabilityRoutes(options.reachability));
      await app.register(incomingRoutes(options));
    },
    start: async () => {
      await ensureSchema();
      if (consumers.length > 0) return;
      consumers = [
        await startStatusConsumer(options.bus, options.onConsumerError),
        await startIncomingConsumer(options.bus, options.onConsumerError),
      ];
    },
    stop: async () => {
      const stopping = consumers;
      consumers = [];
      await Promise.all(stopping.map((consumer) => consumer.stop()));
    },
  };
};
