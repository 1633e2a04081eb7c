import { createContentStore } from '@digital-post/content-store';
import type { EventBus } from '@digital-post/bus';
import {
  createEnrollmentService,
  createFileRegisterFeed,
  createNoticeDetails,
  type EnrollmentService,
  type EnrollmentServiceDeps,
} from '@digital-post/enrollment';
import type { OpenedStore } from '@digital-post/event-store';
import { createGateway, type GatewayOptions } from '@digital-post/gateway';
import { createMailboxService, type MailboxApi } from '@digital-post/mailbox';
import { createLocalFilePrintChannel } from '@digital-post/print';
import { createRoutingService } from '@digital-post/routing';
import { createSenderApi } from '@digital-post/sender-api';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { Logger } from 'pino';
import type { PlatformConfig, ServiceName } from './config.ts';
import { audiences, registeredClients, type Identity } from './identity.ts';

interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface DeliveryServices {
  /** The HTTP routes of the services this process runs, by front. */
  routes: {
    gateway?: FastifyPluginAsyncZod;
    senderApi?: FastifyPluginAsyncZod;
    admin?: FastifyPluginAsyncZod[];
    /** Operator routes that authenticate operators themselves. */
    operations?: FastifyPluginAsyncZod[];
  };
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Enrollment, reading the population and company registers' batch files from a directory. */
const enrollmentServiceOf = (
  config: PlatformConfig,
  deps: Pick<
    EnrollmentServiceDeps,
    'store' | 'db' | 'bus' | 'content' | 'printChannel' | 'operatorVerifier'
  >,
  logger: Logger,
) =>
  createEnrollmentService({
    ...deps,
    registerFeed: createFileRegisterFeed(config.DIGITAL_POST_REGISTER_FEED_DIR),
    registerPollMs: config.DIGITAL_POST_REGISTER_POLL_MS,
    breakerLimits: {
      maxChanges: config.DIGITAL_POST_BREAKER_MAX_CHANGES,
      minimumLimit: config.DIGITAL_POST_BREAKER_MIN_CHANGES,
    },
    onError: (error) => logger.error({ err: error, service: 'enrollment' }, 'enrollment failed'),
  });

/** The operators' routes of the services this process runs, all under /admin. */
const adminRoutesOf = (
  runs: (name: ServiceName) => boolean,
  routing: { adminRoutes: FastifyPluginAsyncZod },
): FastifyPluginAsyncZod[] => [...(runs('routing') ? [routing.adminRoutes] : [])];

/** The routes of the services this process runs, by front. */
const frontsOf = (
  runs: (name: ServiceName) => boolean,
  services: {
    gateway: { routes: FastifyPluginAsyncZod };
    senderApi: { routes: FastifyPluginAsyncZod };
    routing: { adminRoutes: FastifyPluginAsyncZod };
    enrollment: EnrollmentService;
  },
): DeliveryServices['routes'] => {
  const admin = adminRoutesOf(runs, services.routing);
  return {
    ...(runs('mailbox') && { gateway: services.gateway.routes }),
    ...(runs('sender-api') && { senderApi: services.senderApi.routes }),
    ...(admin.length > 0 && { admin }),
    // Enrollment's operator routes check the operator's token themselves (401 without one,
    // 403 for a citizen's), so they are not wrapped like routing's.
    ...(runs('enrollment') &&
      services.enrollment.operatorRoutes && { operations: [services.enrollment.operatorRoutes] }),
  };
};

/**
 * The viewing clients' API. Where it is served, it also shows the user's own enrollment and
 * details for notices, both the enrollment service's, read in the shared database also where
 * enrollment runs in another process (both make the enrollment schema if it is missing).
 */
const gatewayOf = async (
  served: boolean,
  { store, db }: OpenedStore,
  {
    enrollment,
    ...deps
  }: Pick<GatewayOptions, 'userVerifier' | 'clientVerifier'> & {
    mailbox: MailboxApi;
    enrollment: EnrollmentService;
  },
) => {
  return createGateway({
    ...deps,
    registeredClients,
    ...(served && {
      noticeDetails: await createNoticeDetails({ store, db }),
      enrollment: enrollment.mine,
    }),
  });
};

/**
 * The delivery services on one store and one bus. Every service is built, since some answer
 * others in process (the sender API asks the enrollment service's read model about
 * reachability, in the shared database also where enrollment runs in another process); only the
 * selected ones consume and serve.
 */
export const createDeliveryServices = async (
  config: PlatformConfig,
  opened: OpenedStore,
  bus: EventBus,
  identity: Identity,
  logger: Logger,
): Promise<DeliveryServices> => {
  const { store, db } = opened;
  const content = await createContentStore(db);
  const runs = (name: ServiceName) => config.DIGITAL_POST_SERVICES.includes(name);
  // One paper channel: letters routed to paper and enrollment's welcome letters.
  const printChannel = createLocalFilePrintChannel(config.DIGITAL_POST_PRINT_DIR);
  const operatorVerifier = identity.verifierFor(audiences.operations);
  const enrollment = enrollmentServiceOf(
    config,
    { store, db, bus, content, printChannel, operatorVerifier },
    logger,
  );
  const routing = createRoutingService({
    store,
    db,
    bus,
    printChannel,
    release: process.env.npm_package_version ?? 'development',
  });
  const senderApi = createSenderApi({
    store,
    db,
    bus,
    content,
    verifier: identity.verifierFor(audiences.senderApi),
    reachability: (recipient) => enrollment.reachability(recipient),
  });
  const mailbox = createMailboxService({ store, db, bus, content });
  const gateway = await gatewayOf(runs('mailbox'), opened, {
    mailbox: mailbox.api,
    enrollment,
    userVerifier: identity.verifierFor(audiences.gateway),
    clientVerifier: identity.verifierFor(audiences.gateway),
  });
  const selected: Array<[ServiceName, Startable]> = [
    ['enrollment', enrollment],
    ['routing', routing],
    ['sender-api', senderApi],
    ['mailbox', mailbox],
  ];
  const running = selected.filter(([name]) => runs(name)).map(([, service]) => service);
  return {
    routes: frontsOf(runs, { gateway, senderApi, routing, enrollment }),
    start: async () => {
      for (const service of running) await service.start();
    },
    // Consumers stop newest first; each stores its checkpoint as it stops.
    stop: async () => {
      for (const service of [...running].reverse()) await service.stop();
    },
  };
};
