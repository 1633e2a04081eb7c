import {
  createDevIssuer,
  createTokenVerifier,
  type DevIssuer,
  type Principal,
} from '@digital-post/auth';
import type { NoticeDetailsPort, ViewingClient } from '@digital-post/contracts';
import { overPorts, type PortTransport } from './overPorts.ts';
import { createAccessControl, type AccessControl } from '@digital-post/access-control';
import { createNoticeDetails } from '@digital-post/notification';
import { openMailboxFixture, type MailboxFixture } from '@digital-post/mailbox/testing';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import { createGateway } from '@digital-post/gateway';
import { openEnrollmentFixture, type EnrollmentFixture } from './enrollmentFixture.ts';

export const USER_AUDIENCE = 'digital-post-gateway';
export const CLIENT_AUDIENCE = 'digital-post-gateway-clients';

export const registeredClients = new Map<string, ViewingClient>([
  ['eboks', 'e_boks'],
  ['mitdk', 'mit_dk'],
  ['borgerdk', 'borger_dk'],
  ['app', 'digital_post_app'],
]);

export interface GatewayFixture extends MailboxFixture {
  app: HttpApp;
  /** Where the mailbox's and enrollment's ports are served to the gateway, over HTTP. */
  served?: { baseUrl: string; token: () => Promise<string> };
  idp: DevIssuer;
  clients: DevIssuer;
  /** The headers of a request by `person` through the registered client `clientId`. */
  headers(person: Principal, clientId?: string): Promise<Record<string, string>>;
  /** The enrollment service's real details for notices on the same PGlite, when wired. */
  noticeDetails: NoticeDetailsPort | undefined;
  /** The real enrollment service behind `/v1/me/enrollment`, when wired. */
  enrollment: EnrollmentFixture | undefined;
  /** The real access-control service on the same store, behind the mailbox and the gateway. */
  access: AccessControl;
  /** Every event in the store, to show that a refused request wrote nothing. */
  eventCount(): Promise<number>;
}

export interface GatewayFixtureOptions {
  /** How the gateway reaches the mailbox's and enrollment's ports (default in process). */
  ports?: PortTransport;
  /** Serve `/v1/me/notice-details` (default true). */
  noticeDetails?: boolean;
  /** Serve `/v1/me/enrollment` from an enrollment service on the same store (default false). */
  enrollment?: boolean;
  /** Serve the OpenAPI document at /docs (default false). */
  openApi?: boolean;
  /** CPR numbers the population register reports, born 1980: people one may give access to. */
  people?: string[];
}

export const anna: Principal = { kind: 'citizen', cpr: '0101901234' };
export const annasMailbox = 'cpr:0101901234';
export const bo: Principal = { kind: 'citizen', cpr: '0202802345' };

/** The gateway on a started mailbox service, with a stand-in identity provider and client registry. */
export const openGatewayFixture = async (
  options: GatewayFixtureOptions = {},
): Promise<GatewayFixture> => {
  // The mailbox asks the access-control service, which is made on the mailbox's store.
  const made: { access?: AccessControl } = {};
  const mailbox = await openMailboxFixture({
    access: { rightsOf: (person) => made.access!.rightsOf(person) },
  });
  // Enrollment on the same store answers who is a person, from what its register feed reported.
  const registers = await openEnrollmentFixture(mailbox);
  const people = options.people ?? [];
  if (people.length > 0)
    await registers.report(
      people.map((cpr) => ({
        id: `born-${cpr}`,
        register: 'population',
        type: 'born',
        cpr,
        birthDate: '1980-01-01',
      })),
    );
  const access = await createAccessControl({
    store: mailbox.store,
    db: mailbox.db,
    population: registers.service.population,
  });
  made.access = access;
  const noticeDetails =
    options.noticeDetails === false
      ? undefined
      : await createNoticeDetails({ store: mailbox.store, db: mailbox.db });
  const enrollment = options.enrollment ? registers : undefined;
  const idp = await createDevIssuer({ issuer: 'https://idp.test' });
  const clients = await createDevIssuer({ issuer: 'https://clients.test' });
  const ports = await overPorts(options.ports ?? 'in-process', {
    mailbox: mailbox.mailbox.port,
    noticeDetails,
    myEnrollment: enrollment?.service.myEnrollment,
    access,
  });
  const gateway = createGateway({
    ...ports.ports,
    userVerifier: createTokenVerifier({
      issuer: idp.issuer,
      audience: USER_AUDIENCE,
      keys: idp.publicKeys,
    }),
    clientVerifier: createTokenVerifier({
      issuer: clients.issuer,
      audience: CLIENT_AUDIENCE,
      keys: clients.publicKeys,
    }),
    registeredClients,
  });
  const logger = createLogger({ serviceName: 'gateway-test', level: 'silent' });
  const app = await createHttpApp({
    serviceName: 'gateway',
    logger,
    ...(options.openApi ? {} : { openApi: false as const }),
  });
  await app.register(gateway.routes);
  await app.ready();
  return {
    ...mailbox,
    app,
    served: ports.served,
    idp,
    clients,
    noticeDetails,
    enrollment,
    access,
    headers: async (person, clientId = 'eboks') => ({
      authorization: `Bearer ${await idp.issue(person, { audience: USER_AUDIENCE, clientId })}`,
      'x-client-token': await clients.issue(
        { kind: 'viewing-client', clientId },
        { audience: CLIENT_AUDIENCE },
      ),
    }),
    eventCount: async () =>
      Number((await mailbox.db.query<{ n: string }>('select count(*) as n from events'))[0]!.n),
    close: async () => {
      await app.close();
      await ports.close();
      await access.close();
      await registers.close();
      await mailbox.close();
    },
  };
};
