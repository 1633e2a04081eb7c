import {
  accessPort,
  enrollmentRedecisionPort,
  mailboxPort,
  myEnrollmentPort,
  noticeDetailsPort,
  populationPort,
  reachabilityPort,
  redecisionPort,
  withdrawalPort,
  type AccessPort,
  type EnrollmentRedecisionPort,
  type MailboxPort,
  type MyEnrollmentPort,
  type NoticeDetailsPort,
  type PopulationPort,
  type PortDefinition,
  type ReachabilityPort,
  type RedecisionPort,
  type WithdrawalPort,
} from '@digital-post/contracts';
import type { AccessControlService } from '@digital-post/access-control';
import type { EnrollmentService } from '@digital-post/enrollment';
import type { NotificationService } from '@digital-post/notification';
import type { MailboxService } from '@digital-post/mailbox';
import type { RoutingService } from '@digital-post/routing';
import {
  pingPorts,
  portClient,
  portConnection,
  servedPort,
  serviceTokens,
  type PortClientOptions,
  type ServedPort,
} from '@digital-post/port-http';
import type { ReadinessCheck } from '@digital-post/service-kit';
import type { Logger } from 'pino';
import type { PlatformConfig } from './config.ts';
import type { Identity } from './identity.ts';

/**
 * The synchronous ports services call on each other, wherever the offering service runs; absent
 * where it runs neither here nor at a configured URL (the configuration refuses a process whose
 * services would need it).
 */
export interface Ports {
  mailbox?: MailboxPort;
  reachability?: ReachabilityPort;
  myEnrollment?: MyEnrollmentPort;
  noticeDetails?: NoticeDetailsPort;
  access?: AccessPort;
  population?: PopulationPort;
  redecision?: RedecisionPort;
  withdrawal?: WithdrawalPort;
  enrollmentRedecision?: EnrollmentRedecisionPort;
  /** What this process offers other processes, on its internal front. */
  served: ServedPort[];
  /** Readiness of the other processes this one calls. */
  readinessChecks: ReadinessCheck[];
  /** Closes the connections to the other processes. */
  close(): Promise<void>;
}

interface Local {
  mailbox?: MailboxService;
  enrollment?: EnrollmentService;
  access?: AccessControlService;
  notification?: NotificationService;
  routing?: RoutingService;
}

const remoteOf = (url: string | undefined, identity: Identity, caller: string) =>
  url === undefined
    ? undefined
    : portConnection({ baseUrl: url, token: serviceTokens(identity.services, caller) });

/** The ports of the services in this process, for other processes. */
const servedBy = ({ mailbox, enrollment, access, notification, routing }: Local): ServedPort[] => [
  ...(routing ? [servedPort(redecisionPort, routing.redecision)] : []),
  ...(access ? [servedPort(accessPort, access.port)] : []),
  ...(mailbox
    ? [servedPort(mailboxPort, mailbox.port), servedPort(withdrawalPort, mailbox.withdrawal)]
    : []),
  ...(notification ? [servedPort(noticeDetailsPort, notification.noticeDetails)] : []),
  ...(enrollment
    ? [
        servedPort(reachabilityPort, enrollment.reachability),
        servedPort(myEnrollmentPort, enrollment.myEnrollment),
        servedPort(populationPort, enrollment.population),
        servedPort(enrollmentRedecisionPort, enrollment.redecision),
      ]
    : []),
];

/**
 * Each port from the service in this process when it runs here (the embedded default: a plain
 * call), else from the process at the configured URL (one process per service: HTTP with a
 * service token). The configuration refuses a process that could reach neither.
 */
export const wirePorts = (
  config: PlatformConfig,
  identity: Identity,
  local: Local,
  logger: Logger,
): Ports => {
  const caller = config.DIGITAL_POST_SERVICES.join('+');
  const mailboxAt = remoteOf(config.DIGITAL_POST_MAILBOX_URL, identity, caller);
  const enrollmentAt = remoteOf(config.DIGITAL_POST_ENROLLMENT_URL, identity, caller);
  const accessAt = remoteOf(config.DIGITAL_POST_ACCESS_URL, identity, caller);
  const notificationAt = remoteOf(config.DIGITAL_POST_NOTIFICATION_URL, identity, caller);
  const routingAt = remoteOf(config.DIGITAL_POST_ROUTING_URL, identity, caller);
  const client = <Port>(definition: PortDefinition<Port>, at?: PortClientOptions) =>
    at &&
    portClient(definition, {
      ...at,
      onStreamError: (error) => logger.warn({ err: error, port: definition.name }, 'stream ended'),
    });
  const { mailbox, enrollment, access, notification, routing } = local;
  return {
    mailbox: mailbox?.port ?? client(mailboxPort, mailboxAt),
    reachability: enrollment?.reachability ?? client(reachabilityPort, enrollmentAt),
    myEnrollment: enrollment?.myEnrollment ?? client(myEnrollmentPort, enrollmentAt),
    noticeDetails: notification?.noticeDetails ?? client(noticeDetailsPort, notificationAt),
    access: access?.port ?? client(accessPort, accessAt),
    population: enrollment?.population ?? client(populationPort, enrollmentAt),
    redecision: routing?.redecision ?? client(redecisionPort, routingAt),
    withdrawal: mailbox?.withdrawal ?? client(withdrawalPort, mailboxAt),
    enrollmentRedecision: enrollment?.redecision ?? client(enrollmentRedecisionPort, enrollmentAt),
    served: servedBy(local),
    readinessChecks: [
      ...(mailbox || !mailboxAt ? [] : [{ name: 'mailbox', check: () => pingPorts(mailboxAt) }]),
      ...(enrollment || !enrollmentAt
        ? []
        : [{ name: 'enrollment', check: () => pingPorts(enrollmentAt) }]),
      ...(access || !accessAt
        ? []
        : [{ name: 'access-control', check: () => pingPorts(accessAt) }]),
      ...(notification || !notificationAt
        ? []
        : [{ name: 'notification', check: () => pingPorts(notificationAt) }]),
      ...(routing || !routingAt ? [] : [{ name: 'routing', check: () => pingPorts(routingAt) }]),
    ],
    close: async () => {
      await mailboxAt?.close();
      await enrollmentAt?.close();
      await accessAt?.close();
      await notificationAt?.close();
      await routingAt?.close();
    },
  };
};
