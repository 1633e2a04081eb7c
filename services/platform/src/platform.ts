import type { EventBus } from '@digital-post/bus';
import {
  openPgliteStore,
  openPostgresStore,
  type OpenedStore,
  type StoreOptions,
} from '@digital-post/event-store';
import {
  createHttpApp,
  createLogger,
  type FastifyPluginAsyncZod,
  type HttpApp,
  type OpenApiOptions,
  type RateCounter,
  type RateLimit,
  type ReadinessCheck,
} from '@digital-post/service-kit';
import type { Logger } from 'pino';
import { consumerReadiness, openBus, relayReadiness } from './bus.ts';
import type { PlatformConfig } from './config.ts';
import { openIdentity, type Identity } from './identity.ts';
import { devTokenRoutes } from './devTokens.ts';
import { operatorsOnly, operatorsOnlyDocs } from './operations.ts';
import type { EnrollmentRules } from '@digital-post/enrollment';
import type { RouteResolver } from '@digital-post/routing';
import { rateCounterOf, rateLimitsOf } from './rateLimits.ts';
import { consumerRoutes } from './consumers/consumerRoutes.ts';
import { metricsRoutes } from './metrics/metricsRoutes.ts';
import { createPlatformMetrics, type PlatformMetrics } from './metrics/platformMetrics.ts';
import { relayRoutes, type RelayRouteDeps } from './relay/relayRoutes.ts';
import { createDeliveryServices } from './services.ts';

/** The HTTP fronts of the services this process runs; operations is always there. */
export interface PlatformApps {
  gateway?: HttpApp;
  senderApi?: HttpApp;
  operations: HttpApp;
  /** The ports this process's services offer other processes; service tokens only. */
  internal?: HttpApp;
}

export interface Platform {
  apps: PlatformApps;
  store: OpenedStore;
  bus: EventBus;
  logger: Logger;
  /**
   * Stops the HTTP fronts (new requests refused, those in flight finished), then the services'
   * consumers (they store checkpoints), the bus and the store.
   */
  close(): Promise<void>;
}

export const openStore = (
  config: PlatformConfig,
  options: StoreOptions = {},
): Promise<OpenedStore> =>
  config.DIGITAL_POST_DATABASE_URL
    ? openPostgresStore({ connectionString: config.DIGITAL_POST_DATABASE_URL, ...options })
    : openPgliteStore({ dataDir: config.DIGITAL_POST_DATA_DIR, ...options });

/** What a test gives the platform beyond its configuration. */
export interface PlatformOptions {
  /** The clock of the notification service (windows, reminders, quiet periods): a test's. */
  now?: () => Date;
  /**
   * A release of routing other than this code's, as a bad deployment would bring: its name and
   * how it proposes routes. For tests of incidents; the delivery invariant still checks it.
   */
  routing?: { release: string; resolveRoute: RouteResolver };
  /** A release of enrollment's rules other than this code's, as a bad deployment would bring. */
  enrollment?: { rules: EnrollmentRules };
}

/** Development tokens make anyone anyone: said in the log at every start. */
const warnOfDevTokens = (config: PlatformConfig, logger: Logger) => {
  if (config.DIGITAL_POST_DEV_TOKENS !== 'on') return;
  logger.warn(
    { devTokens: 'on' },
    'development tokens are on: anyone on this machine can make a token for anyone',
  );
};

/** Asked at every probe: the consumers start with the services, after the fronts. */
const readinessOf =
  (
    store: OpenedStore,
    bus: EventBus,
    relay: RelayRouteDeps | undefined,
    ofServices: ReadinessCheck[],
  ) =>
  (): ReadinessCheck[] => [
    { name: 'event store', check: async () => void (await store.db.query('select 1')) },
    { name: 'bus', check: () => bus.ping() },
    ...bus.health().map(consumerReadiness),
    ...(relay?.relay ? [relayReadiness(relay.relay)] : []),
    ...ofServices,
  ];

/** Wires the platform: the store, the bus (embedded or Kafka), the services and their fronts. */
export const startPlatform = async (
  config: PlatformConfig,
  options: PlatformOptions = {},
): Promise<Platform> => {
  const logger = createLogger({ serviceName: 'digital-post', level: config.LOG_LEVEL });
  const metrics = createPlatformMetrics();
  const store = await openStore(config, { onCommitted: metrics.committed });
  const { bus, kafka, close: closeBus } = await openBus(config, store, logger);
  const relay = kafka && { db: store.db, store: store.store, ...kafka };
  const identity = await openIdentity(config);
  warnOfDevTokens(config, logger);
  const services = await createDeliveryServices(config, store, bus, identity, logger, options);
  if (services.breachFigures) metrics.watchBreaches(services.breachFigures);
  const readinessChecks = readinessOf(store, bus, relay, services.readinessChecks);
  const rateCounter = await rateCounterOf(config, logger);
  const front = (name: string, title: string, routes: FastifyPluginAsyncZod[], extra: Front = {}) =>
    httpFront(logger, readinessChecks, { name, title, routes, rateCounter, metrics, ...extra });
  const { gateway, senderApi, internal } = services.routes;
  const apps: PlatformApps = {
    ...(gateway && {
      gateway: await front('gateway', 'Digital Post: viewing clients', [gateway], {
        rateLimits: rateLimitsOf(config, 'gateway'),
      }),
    }),
    ...(senderApi && {
      senderApi: await front('sender-api', 'Digital Post: authorities', [senderApi], {
        rateLimits: rateLimitsOf(config, 'senderApi'),
      }),
    }),
    operations: await front(
      'operations',
      'Digital Post: operations',
      operationsRoutes(config, identity, services.routes, {
        bus,
        relay,
        metrics: metricsRoutes(metrics.registry, bus, relay),
      }),
      { docsGuard: operatorsOnlyDocs(identity), rateLimits: rateLimitsOf(config, 'operations') },
    ),
    ...(internal && {
      internal: await front('internal', 'Digital Post: service ports', [internal]),
    }),
  };
  await services.start();
  return {
    apps,
    store,
    bus,
    logger,
    close: async () => {
      await Promise.all(Object.values(apps).map((app) => app?.close()));
      await rateCounter?.close();
      await services.stop();
      await closeBus();
      await store.store.close();
    },
  };
};

/**
 * The operations front: the services' and the platform's operator routes behind operator tokens
 * (consumers, and the relay on Kafka), the routes that check tokens themselves, the metrics, and
 * development tokens where turned on.
 */
const operationsRoutes = (
  config: PlatformConfig,
  identity: Identity,
  {
    admin = [],
    operations = [],
  }: { admin?: FastifyPluginAsyncZod[]; operations?: FastifyPluginAsyncZod[] },
  {
    bus,
    relay,
    metrics,
  }: { bus: EventBus; relay: RelayRouteDeps | undefined; metrics: FastifyPluginAsyncZod },
): FastifyPluginAsyncZod[] => [
  ...[...admin, consumerRoutes(bus), ...(relay ? [relayRoutes(relay)] : [])].map((routes) =>
    operatorsOnly(identity, routes),
  ),
  metrics,
  ...operations,
  ...(config.DIGITAL_POST_DEV_TOKENS === 'on' ? [devTokenRoutes(identity)] : []),
];

/** What sets one front apart beyond its routes: who may read its documentation, its limits. */
interface Front {
  docsGuard?: OpenApiOptions['guard'];
  metrics?: PlatformMetrics;
  rateLimits?: RateLimit[];
  rateCounter?: RateCounter | undefined;
}

const httpFront = async (
  logger: Logger,
  readinessChecks: () => ReadinessCheck[],
  front: Front & { name: string; title: string; routes: FastifyPluginAsyncZod[] },
): Promise<HttpApp> => {
  const { name, title, docsGuard, rateLimits, rateCounter } = front;
  const app = await createHttpApp({
    serviceName: name,
    logger: logger.child({ front: name }),
    openApi: {
      title,
      version: '0.1.0',
      description: title,
      ...(docsGuard && { guard: docsGuard }),
    },
    readinessChecks,
    ...(rateLimits && { rateLimits }),
    ...(rateCounter && { rateCounter }),
  });
  const { metrics } = front;
  if (metrics) {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      metrics.answered(name, request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
  }
  for (const plugin of front.routes) await app.register(plugin);
  return app;
};
