import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@digital-post/bus';
import { createContentStore } from '@digital-post/content-store';
import type { MessageAccepted } from '@digital-post/contracts';
import {
  createEnrollmentService,
  createFileRegisterFeed,
  writeRegisterBatch,
  type RegisterEvent,
} from '@digital-post/enrollment';
import { openPgliteStore, type OpenedStore, type RecordedEvent } from '@digital-post/event-store';
import { createLocalFilePrintChannel, type PrintChannel } from '@digital-post/print';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import type { LightMyRequestResponse } from 'fastify';
import { createRoutingService, type RoutingService, type RoutingServiceDeps } from '../index.ts';
import type { Recipient } from '../recipients/mailboxId.ts';

type Subject = { kind: 'cpr'; id: string } | { kind: 'cvr'; id: string };

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
    await opened.store.append(`message-${messageId}`, [{ type: 'MessageAccepted', data }]);
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

/** A register event that makes the enrollment service enroll the subject. */
const registerEventEnrolling = (subject: Subject, id: string): RegisterEvent =>
  subject.kind === 'cpr'
    ? { id, register: 'population', type: 'born', cpr: subject.id, birthDate: '1990-01-01' }
    : { id, register: 'company', type: 'registered', cvr: subject.id, registeredOn: '2020-01-01' };

/**
 * Enrollment as the enrollment service writes it, from a register batch in a feed directory:
 * routing must read exactly what that service records in the `enrollment-<id>` streams. The
 * service is built but not started: the tests drive its feed.
 */
const enrollmentOf = async (
  opened: OpenedStore,
  bus: RoutingServiceDeps['bus'],
  printChannel: PrintChannel,
  now: () => Date,
) => {
  const registerDirectory = await mkdtemp(join(tmpdir(), 'dp-routing-registers-'));
  const service = createEnrollmentService({
    ...opened,
    bus,
    content: await createContentStore(opened.db),
    printChannel,
    registerFeed: createFileRegisterFeed(registerDirectory),
    now,
  });
  let batches = 0;
  const enroll = async (subject: Subject) => {
    batches += 1;
    const batchId = `batch-${String(batches).padStart(6, '0')}`;
    await writeRegisterBatch(registerDirectory, batchId, [
      registerEventEnrolling(subject, `${batchId}-1`),
    ]);
    const outcome = await service.drainRegisterFeed();
    if (outcome.changed !== 1) throw new Error(`not enrolled: ${JSON.stringify(outcome)}`);
  };
  const exempt = (subject: Subject) =>
    opened.db.transaction(async (tx) => {
      await service.writer.grantExemption(
        tx,
        subject,
        { exemptionId: `exemption-${subject.id}`, grantedBy: 'kommune-101', validUntil: null },
        {
          trigger: 'operator_command',
          triggerId: 't',
          caseReference: 'J-1',
          group: 'operator:t',
        },
      );
    });
  return {
    enroll,
    exempt,
    close: () => rm(registerDirectory, { recursive: true, force: true }),
  };
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
  const enrollment = await enrollmentOf(opened, bus, printing.channel, now);
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
      await enrollment.close();
    },
  };
};
