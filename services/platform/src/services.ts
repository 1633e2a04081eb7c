import { createContentStore } from '@digital-post/content-store';
import type { EventBus } from '@digital-post/bus';
import type { OpenedStore } from '@digital-post/event-store';
import { createGateway } from '@digital-post/gateway';
import { createMailboxService } from '@digital-post/mailbox';
import { createLocalFilePrintChannel, createRoutingService } from '@digital-post/routing';
import { createSenderApi } from '@digital-post/sender-api';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { PlatformConfig } from './config.ts';
import { audiences, registeredClients, type Identity } from './identity.ts';

export interface DeliveryServices {
  gatewayRoutes: FastifyPluginAsyncZod;
  senderApiRoutes: FastifyPluginAsyncZod;
  /** The operators' routes; the operations front puts authentication in front of them. */
  adminRoutes: FastifyPluginAsyncZod;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every delivery service on one store and one bus: the embedded default's wiring. */
export const createDeliveryServices = async (
  config: PlatformConfig,
  { store, db }: OpenedStore,
  bus: EventBus,
  identity: Identity,
): Promise<DeliveryServices> => {
  const content = await createContentStore(db);
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
  const running = [routing, senderApi, mailbox];
  return {
    gatewayRoutes: gateway.routes,
    senderApiRoutes: senderApi.routes,
    adminRoutes: routing.adminRoutes,
    start: async () => {
      for (const service of running) await service.start();
      if (config.DIGITAL_POST_ENROLLMENT_SEED) {
        await routing.seedEnrollments(config.DIGITAL_POST_ENROLLMENT_SEED);
      }
    },
    // Consumers stop newest first; each stores its checkpoint as it stops.
    stop: async () => {
      for (const service of [...running].reverse()) await service.stop();
    },
  };
};
