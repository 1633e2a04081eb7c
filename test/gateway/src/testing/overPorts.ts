import { createDevIssuer, createTokenVerifier } from '@digital-post/auth';
import {
  accessPort,
  mailboxPort,
  myEnrollmentPort,
  noticeDetailsPort,
  type AccessPort,
  type MailboxPort,
  type MyEnrollmentPort,
  type NoticeDetailsPort,
} from '@digital-post/contracts';
import {
  INTERNAL_AUDIENCE,
  portClient,
  portConnection,
  portRoutes,
  servedPort,
  serviceTokens,
  type ServedPort,
} from '@digital-post/port-http';
import { createHttpApp, createLogger } from '@digital-post/service-kit';

/** The two adapters of every port: a call in process, or HTTP to the serving process. */
export const portTransports = ['in-process', 'http'] as const;
export type PortTransport = (typeof portTransports)[number];

interface GatewayPorts {
  mailbox: MailboxPort;
  access?: AccessPort;
  noticeDetails?: NoticeDetailsPort;
  myEnrollment?: MyEnrollmentPort;
}

/**
 * The ports as the gateway gets them: the services' objects themselves, or clients of them served
 * on a loopback port as another process would serve them, so the same tests run on both.
 */
export const overPorts = async (
  transport: PortTransport,
  ports: GatewayPorts,
): Promise<{
  ports: GatewayPorts;
  /** Where the ports are served, and a service token for them (HTTP only). */
  served?: { baseUrl: string; token: () => Promise<string> };
  close(): Promise<void>;
}> => {
  if (transport === 'in-process') return { ports, close: async () => {} };
  const services = await createDevIssuer({ issuer: 'https://services.test' });
  const verifier = createTokenVerifier({
    issuer: services.issuer,
    audience: INTERNAL_AUDIENCE,
    keys: services.publicKeys,
  });
  const served: ServedPort[] = [servedPort(mailboxPort, ports.mailbox)];
  if (ports.noticeDetails) served.push(servedPort(noticeDetailsPort, ports.noticeDetails));
  if (ports.myEnrollment) served.push(servedPort(myEnrollmentPort, ports.myEnrollment));
  if (ports.access) served.push(servedPort(accessPort, ports.access));
  const logger = createLogger({ serviceName: 'ports-test', level: 'silent' });
  const app = await createHttpApp({ serviceName: 'services', logger, openApi: false });
  await app.register(portRoutes(served, verifier));
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const at = portConnection({ baseUrl, token: serviceTokens(services, 'gateway') });
  return {
    served: at,
    ports: {
      mailbox: portClient(mailboxPort, at),
      ...(ports.noticeDetails && { noticeDetails: portClient(noticeDetailsPort, at) }),
      ...(ports.myEnrollment && { myEnrollment: portClient(myEnrollmentPort, at) }),
      ...(ports.access && { access: portClient(accessPort, at) }),
    },
    close: async () => {
      await at.close();
      await app.close();
    },
  };
};
