import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@digital-post/bus';
import {
  companyEnrolledV2,
  companyExemptionGrantedV2,
  citizenEnrolledV3,
  enrollmentStreamOf,
  exemptionGrantedV3,
  messageStreamOf,
  sampleFromAvro,
  type AnyEventContract,
  type MessageAccepted,
  type Subject,
} from '@digital-post/contracts';
import { openPgliteStore, type OpenedStore, type RecordedEvent } from '@digital-post/event-store';
import { createLocalFilePrintChannel, type PrintChannel } from '@digital-post/print';
import {
  contractCheckedStore,
  createHttpApp,
  createLogger,
  type HttpApp,
} from '@digital-post/service-kit';
import type { LightMyRequestResponse } from 'fastify';
import { createRoutingService, type RoutingService, type RoutingServiceDeps } from '../index.ts';
import type { Recipient } from '../recipients/mailboxId.ts';
import type { RouteResolver } from '../routing/resolveRoute.ts';

/** A faulty release: every letter to its addressee's own mailbox, rules and exemptions ignored. */
export const toAddresseeAlways: RouteResolver = async (request) => ({
  kind: 'deliver',
  delivery: {
    channel: 'digital',
    targetMailboxId: `${request.addressee.kind}:${request.addressee.id}`,
    hops: [],
  },
  basis: 'recipient_enrolled',
});

export interface RoutingHarness {
  opened: OpenedStore;
  service: RoutingService;
  /** The registers report the citizen (born 1990, in Denmark) or company: enrollment follows. */
  enroll(subject: Subject): Promise<void>;
  /** An operator exempts the citizen or company (fritagelse): paper post from then on. */
  exempt(subject: Subject): Promise<void>;
  app: HttpApp;
  printDirectory: string;
  /** How often the print channel was asked to print a letter (it writes each at most once). */
  printOrders: (messageId: string) => number;
  /** The next print of this letter succeeds and then the handler fails, as in a crash before commit. */
  crashOnceAfterPrinting: (messageId: string) => void;
  clock: { now: Date };
  accept(
    messageId: string,
    recipient: Recipient,
    overrides?: Partial<MessageAccepted>,
  ): Promise<void>;
  routed(messageId: string): Promise<RecordedEvent[]>;
  admin(
    method: 'POST' | 'DELETE' | 'GET',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const acceptedLetter = (
  messageId: string,
  recipient: Recipient,
  acceptedAt: string,
): MessageAccepted => ({
  messageId,
  senderId: 'authority:skat',
  recipient,
  documents: [
    {
      documentId: 'doc-1',
      contentSha256: 'ab'.repeat(32),
      mimeType: 'application/pdf',
      sizeBytes: 1234,
    },
  ],
  legalNotification: false,
  replyAllowed: false,
  doNotDeliverUntil: null,
  acceptedAt,
  contentSha256: null,
  letterSha256: null,
  senderSystemId: null,
  inReplyTo: null,
});

/** The local file channel, counting orders and able to fail once after printing. */
const observedPrintChannel = (directory: string) => {
  const files = createLocalFilePrintChannel(directory);
  const orders = new Map<string, number>();
  const crashAfterPrinting = new Set<string>();
  const channel: PrintChannel = {
    name: files.name,
    print: async (order) => {
      orders.set(order.messageId, (orders.get(order.messageId) ?? 0) + 1);
      const receipt = await files.print(order);
      if (crashAfterPrinting.delete(order.messageId)) throw new Error('crashed after printing');
      return receipt;
    },
  };
  return {
    channel,
    printOrders: (messageId: string) => orders.get(messageId) ?? 0,
    crashOnceAfterPrinting: (messageId: string) => void crashAfterPrinting.add(messageId),
  };
};

/** Appends MessageAccepted as the sender API does, accepted at the clock's time. */
const acceptIn =
  (opened: OpenedStore, clock: { now: Date }): RoutingHarness['accept'] =>
  async (messageId, recipient, overrides = {}) => {
    const data = {
      ...acceptedLetter(messageId, recipient, clock.now.toISOString()),
      ...overrides,
    };
    await opened.store.append(messageStreamOf(messageId), [
      { type: 'MessageAccepted', schemaVersion: 3, data },
    ]);
  };

/** Polls the routing stream: the decision and its MessagePrinted commit together. */
const routedIn =
  (opened: OpenedStore) =>
  async (messageId: string): Promise<RecordedEvent[]> => {
    for (let waited = 0; waited < 10_000; waited += 20) {
      const events = await opened.store.readStream(`routing-${messageId}`);
      if (events.length > 0) return events;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`message ${messageId} was not routed in time`);
  };

const adminApp = async (service: RoutingService): Promise<HttpApp> => {
  const logger = createLogger({ serviceName: 'routing', level: 'silent' });
  const app = await createHttpApp({ serviceName: 'routing', logger, openApi: false });
  await app.register(service.adminRoutes);
  return app;
};

/** A valid event of the contract's latest version, with the fields that matter here. */
const published = (contract: AnyEventContract, fields: Record<string, unknown>) => ({
  type: contract.type,
  schemaVersion: contract.version,
  data: { ...(sampleFromAvro(contract.schema) as object), ...fields },
});

/**
 * Enrollment as the enrollment service publishes it: its events (schema-checked) on the
 * subject's enrollment stream, which routing folds by the published rule. That the service
 * writes these for a register batch is its own tests' and the end-to-end tests' concern.
 */
const enrollmentOf = (opened: OpenedStore, now: () => Date) => {
  const store = contractCheckedStore(opened.store);
  const mailboxId = (subject: Subject) => `${subject.kind}:${subject.id}`;
  const identity = (subject: Subject) =>
    subject.kind === 'cpr' ? { cpr: subject.id } : { cvr: subject.id };
  const at = () => now().toISOString();
  const enroll = async (subject: Subject) => {
    const contract = subject.kind === 'cpr' ? citizenEnrolledV3 : companyEnrolledV2;
    const cause = subject.kind === 'cpr' ? 'reached_age_15' : 'registered';
    const event = published(contract, {
      ...identity(subject),
      mailboxId: mailboxId(subject),
      cause,
      firstEnrollment: true,
      enrolledAt: at(),
    });
    await store.append(enrollmentStreamOf(subject), [event]);
  };
  const exempt = async (subject: Subject) => {
    const contract = subject.kind === 'cpr' ? exemptionGrantedV3 : companyExemptionGrantedV2;
    const event = published(contract, {
      ...identity(subject),
      exemptionId: `exemption-${subject.id}`,
      grantedBy: 'kommune-101',
      validUntil: null,
      grantedAt: at(),
    });
    await store.append(enrollmentStreamOf(subject), [event]);
  };
  return { enroll, exempt };
};

/** The routing service on PGlite in memory with the embedded bus and a local print directory. */
export const startRoutingHarness = async (
  options: Partial<Pick<RoutingServiceDeps, 'maxForwardingChain' | 'resolveRoute'>> = {},
): Promise<RoutingHarness> => {
  const opened = await openPgliteStore();
  const bus = await createEmbeddedBus(opened.store, opened.db);
  const printDirectory = await mkdtemp(join(tmpdir(), 'dp-routing-print-'));
  const printing = observedPrintChannel(printDirectory);
  const clock = { now: new Date('2024-03-01T10:00:00.000Z') };
  const now = () => clock.now;
  const deps = {
    ...opened,
    bus,
    printChannel: printing.channel,
    now,
    release: 'routing-test-1',
    ...options,
  };
  let service = createRoutingService(deps);
  await service.start();
  const app = await adminApp(service);
  const enrollment = enrollmentOf(opened, now);
  return {
    opened,
    get service() {
      return service;
    },
    enroll: enrollment.enroll,
    exempt: enrollment.exempt,
    app,
    printDirectory,
    ...printing,
    clock,
    accept: acceptIn(opened, clock),
    routed: routedIn(opened),
    admin: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { 'x-operator': 'operator-7' },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    restart: async () => {
      await service.stop();
      service = createRoutingService(deps);
      await service.start();
    },
    close: async () => {
      await service.stop();
      await app.close();
      await bus.close();
      await opened.store.close();
      await rm(printDirectory, { recursive: true, force: true });
    },
  };
};
