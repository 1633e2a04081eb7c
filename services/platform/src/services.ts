import { createContentStore } from '@digital-post/content-store';
import type { EventBus } from '@digital-post/bus';
import type { OpenedStore } from '@digital-post/event-store';
import { createGateway } from '@digital-post/gateway';
import { createMailboxService } from '@digital-post/mailbox';
import { createLocalFilePrintChannel, createRoutingService } from '@digital-post/routing';
import { createSenderApi } from '@digital-post/sender-api';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
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
    admin?: FastifyPluginAsyncZod;
  };
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The delivery services on one store and one bus. Every service is built, since some answer
 * others in process (the sender API asks routing's read model about reachability); only the
 * selected ones consume and serve.
 */
export const createDeliveryServices = async (
  config: PlatformConfig,
  { store, db }: OpenedStore,
  bus: EventBus,
  identity: Identity,
): Promise<DeliveryServices> => {
  const content = await createContentStore(db);
  const runs = (name: ServiceName) => config.DIGITAL_POST_SERVICES.includes(name);
  const routing = createRoutingService({
    store,
    db,
    bus,
    printChannel: createLocalFilePrintChannel(config.DIGITAL_POST_PRINT_DIR),
    release: process.env.npm_package_version ?? 'development',
  });
  const senderApi = createSenderApi({
    store,
    db,
    bus,
    content,
    verifier: identity.verifierFor(audiences.senderApi),
    reachability: (recipient) => routing.reachability(recipient),
  });
  const mailbox = createMailboxService({ store, db, bus, content });
  const gateway = createGateway({
    mailbox: mailbox.api,
    userVerifier: identity.verifierFor(audiences.gateway),
    clientVerifier: identity.verifierFor(audiences.gateway),
    registeredClients,
  });
  const selected: Array<[ServiceName, Startable]> = [
    ['routing', routing],
    ['sender-api', senderApi],
    ['mailbox', mailbox],
  ];
  const running = selected.filter(([name]) => runs(name)).map(([, service]) => service);
  return {
    routes: {
      ...(runs('mailbox') && { gateway: gateway.routes }),
      ...(runs('sender-api') && { senderApi: senderApi.routes }),
      ...(runs('routing') && { admin: routing.adminRoutes }),
    },
    start: async () => {
      for (const service of running) await service.start();
      if (runs('routing') && config.DIGITAL_POST_ENROLLMENT_SEED) {
        await routing.seedEnrollments(config.DIGITAL_POST_ENROLLMENT_SEED);
      }
    },
    // Consumers stop newest first; each stores its checkpoint as it stops.
    stop: async () => {
      for (const service of [...running].reverse()) await service.stop();
    },
  };
};
