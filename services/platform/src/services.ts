import { createAccessControlService } from '@digital-post/access-control';
import { createContentStore, type ContentStore } from '@digital-post/content-store';
import type { EventBus } from '@digital-post/bus';
import type { AccessPort, Person, PopulationPort } from '@digital-post/contracts';
import {
  createEnrollmentService,
  createFileRegisterFeed,
  type EnrollmentRules,
  type EnrollmentServiceDeps,
} from '@digital-post/enrollment';
import type { OpenedStore } from '@digital-post/event-store';
import { createGateway } from '@digital-post/gateway';
import { createMailboxService } from '@digital-post/mailbox';
import { createNotificationService } from '@digital-post/notification';
import {
  createOperationsService,
  loadOrCreateCheckpointKey,
  type BreachFigures,
} from '@digital-post/operations';
import { portRoutes } from '@digital-post/port-http';
import { createLocalFilePrintChannel } from '@digital-post/print';
import { createRoutingService, type RouteResolver } from '@digital-post/routing';
import { createSenderApi } from '@digital-post/sender-api';
import type { FastifyPluginAsyncZod, ReadinessCheck } from '@digital-post/service-kit';
import type { Logger } from 'pino';
import type { PlatformConfig, ServiceName } from './config.ts';
import { audiences, registeredClients, type Identity } from './identity.ts';
import { noticeSettingsOf, type NoticeSettings } from './notices.ts';
import type { PlatformOptions } from './platform.ts';
import { wirePorts, type Ports } from './ports.ts';
import { routingRelease } from './release.ts';

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
    /** The ports this process offers other processes (service tokens only). */
    internal?: FastifyPluginAsyncZod;
  };
  /** Whether the other processes this one calls answer. */
  readinessChecks: ReadinessCheck[];
  /** Where this process runs operations: the breaches, for its metrics. */
  breachFigures?: () => Promise<BreachFigures>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Enrollment, reading the population and company registers' batch files from a directory. */
const enrollmentServiceOf = (
  config: PlatformConfig,
  deps: Pick<
    EnrollmentServiceDeps,
    'store' | 'db' | 'bus' | 'content' | 'printChannel' | 'operatorVerifier' | 'rules'
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

const errorLog = (logger: Logger, service: string) => (error: unknown) =>
  logger.error({ err: error, service }, `${service} failed`);

/** A port the configuration promised this process could reach. */
const required = <Port>(port: Port | undefined, name: string): Port => {
  if (!port) throw new Error(`the ${name} port is neither in this process nor configured`);
  return port;
};

interface ConsumingDeps {
  opened: OpenedStore;
  bus: EventBus;
  identity: Identity;
  logger: Logger;
  content: ContentStore;
  access: Pick<AccessPort, 'rightsOf'>;
  notices: NoticeSettings | undefined;
  /** The notification service's clock: a test's, or the machine's. */
  now?: () => Date;
  /** Another routing release than this code's (tests of incidents). */
  release?: { release: string; resolveRoute: RouteResolver };
  /** Other enrollment rules than this code's (tests of incidents). */
  enrollmentRelease?: { rules: EnrollmentRules };
}

/** The services of this process that consume the bus, each built only where it runs. */
const consumingServices = (
  config: PlatformConfig,
  {
    opened: { store, db },
    bus,
    identity,
    logger,
    content,
    access,
    notices,
    now,
    release,
    enrollmentRelease,
  }: ConsumingDeps,
) => {
  const runs = (name: ServiceName) => config.DIGITAL_POST_SERVICES.includes(name);
  // One paper channel: letters routed to paper and enrollment's welcome letters.
  const printChannel = createLocalFilePrintChannel(config.DIGITAL_POST_PRINT_DIR);
  const operatorVerifier = identity.verifierFor(audiences.operations);
  const enrollment = runs('enrollment')
    ? enrollmentServiceOf(
        config,
        { store, db, bus, content, printChannel, operatorVerifier, ...enrollmentRelease },
        logger,
      )
    : undefined;
  const routing = runs('routing')
    ? createRoutingService({
        store,
        db,
        bus,
        printChannel,
        release: routingRelease(),
        ...release,
      })
    : undefined;
  const onError = (error: unknown) =>
    logger.error({ err: error, service: 'mailbox' }, 'mailbox failed');
  const mailbox = runs('mailbox')
    ? createMailboxService({ store, db, bus, content, access, onError })
    : undefined;
  const notification = notices
    ? createNotificationService({
        ...{ store, db, bus, now, ...notices.options },
        onError: errorLog(logger, 'notification'),
      })
    : undefined;
  return { enrollment, routing, mailbox, notification };
};

/** The viewing clients' edge, on the mailbox's, enrollment's, access control's and notification's ports. */
const gatewayOf = (ports: Ports, identity: Identity) =>
  createGateway({
    mailbox: required(ports.mailbox, 'mailbox'),
    access: required(ports.access, 'access control'),
    noticeDetails: required(ports.noticeDetails, 'notice details'),
    myEnrollment: required(ports.myEnrollment, 'enrollment'),
    userVerifier: identity.verifierFor(audiences.gateway),
    clientVerifier: identity.verifierFor(audiences.gateway),
    registeredClients,
  });

/** Who may act for which mailbox; it records ended grants' expiry in the background. */
const accessControlOf = ({ store, db }: OpenedStore, population: PopulationPort, logger: Logger) =>
  createAccessControlService({
    store,
    db,
    population,
    onError: (error) => logger.error({ err: error, service: 'access-control' }, 'failed'),
  });

/**
 * The ports services here call on each other, answered by the ports wired after the services
 * are built: access control asks enrollment who is a person, and the mailbox asks access control
 * for rights on every request.
 */
const boundLater = (ports: () => Ports) => ({
  population: {
    isLivingPerson: (cpr: string) => required(ports().population, 'population').isLivingPerson(cpr),
  } satisfies PopulationPort,
  rights: {
    rightsOf: (person: Person) => required(ports().access, 'access').rightsOf(person),
  },
});

/** The authorities' API, asking enrollment whom post reaches. */
const senderApiOf = (
  deps: Omit<Parameters<typeof createSenderApi>[0], 'verifier' | 'reachability'>,
  identity: Identity,
  ports: Ports,
) =>
  createSenderApi({
    ...deps,
    verifier: identity.verifierFor(audiences.senderApi),
    reachability: required(ports.reachability, 'reachability'),
  });

/**
 * The SREs' tools, deciding and routing letters again through routing's port, withdrawing
 * misdelivered ones through the mailbox's, and deciding enrollment changes again through
 * enrollment's.
 */
const operationsOf = async (
  { db, store }: OpenedStore,
  ports: Ports,
  config: PlatformConfig,
  logger: Logger,
) =>
  createOperationsService({
    db,
    store,
    redecision: required(ports.redecision, 'redecision'),
    withdrawal: required(ports.withdrawal, 'withdrawal'),
    enrollmentRedecision: required(ports.enrollmentRedecision, 'enrollmentRedecision'),
    evidence: { key: await loadOrCreateCheckpointKey(config.DIGITAL_POST_CHECKPOINT_KEY_FILE) },
    onError: (err) => logger.error({ err }, 'the chain over the log failed a round'),
  });

/** The ports this process offers others, behind service tokens; none when it offers none. */
const internalRoutesOf = (ports: Ports, identity: Identity) =>
  ports.served.length > 0 ? portRoutes(ports.served, identity.internalVerifier) : undefined;

/**
 * The services this process runs (`DIGITAL_POST_SERVICES`), on one store and one bus, and only
 * those: a service that another one here calls synchronously is reached through its port, in
 * process when it runs here and over HTTP when it runs in another process.
 */
export const createDeliveryServices = async (
  config: PlatformConfig,
  opened: OpenedStore,
  bus: EventBus,
  identity: Identity,
  logger: Logger,
  { now, routing: release, enrollment: enrollmentRelease }: PlatformOptions = {},
): Promise<DeliveryServices> => {
  const { store, db } = opened;
  const content = await createContentStore(db);
  const runs = (name: ServiceName) => config.DIGITAL_POST_SERVICES.includes(name);
  const { population, rights } = boundLater(() => ports);
  const access = runs('access-control') ? accessControlOf(opened, population, logger) : undefined;
  const notices = runs('notification') ? await noticeSettingsOf(config) : undefined;
  const { enrollment, routing, mailbox, notification } = consumingServices(config, {
    ...{ opened, bus, identity, logger, content, notices, now, release, enrollmentRelease },
    access: rights,
  });
  const local = { mailbox, enrollment, access, notification, routing };
  const ports = wirePorts(config, identity, local, logger);
  const senderApi = runs('sender-api')
    ? senderApiOf({ store, db, bus, content }, identity, ports)
    : undefined;
  const gateway = runs('gateway') ? gatewayOf(ports, identity) : undefined;
  const operations = runs('operations')
    ? await operationsOf(opened, ports, config, logger)
    : undefined;
  const here = [access, notification, enrollment, routing, senderApi, mailbox, operations];
  const running: Startable[] = here.filter((service) => service !== undefined);
  return {
    routes: {
      gateway: gateway?.routes,
      senderApi: senderApi?.routes,
      admin: [
        routing?.adminRoutes,
        mailbox?.adminRoutes,
        access?.adminRoutes,
        notification?.adminRoutes,
        operations?.adminRoutes,
      ].filter((routes) => routes !== undefined),
      // Enrollment's operator routes check the operator's token themselves (401 without one,
      // 403 for a citizen's), so they are not wrapped like routing's.
      operations: enrollment?.operatorRoutes && [enrollment.operatorRoutes],
      internal: internalRoutesOf(ports, identity),
    },
    readinessChecks: [...ports.readinessChecks, ...(operations?.readinessChecks ?? [])],
    ...(operations && { breachFigures: operations.breachFigures }),
    start: async () => {
      for (const service of running) await service.start();
    },
    // Consumers stop newest first; each stores its checkpoint as it stops.
    stop: async () => {
      for (const service of [...running].reverse()) await service.stop();
      await notices?.close();
      await ports.close();
    },
  };
};
