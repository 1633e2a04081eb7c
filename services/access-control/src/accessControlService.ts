import type { AccessPort, PopulationPort } from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import { repeatEvery, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { createAccessControl, type AccessControl } from './grants/accessControl.ts';
import { administratorRoutes } from './operations/administratorRoutes.ts';

export interface AccessControlServiceOptions {
  store: Pick<EventStore, 'append' | 'readStream'>;
  db: Database;
  now?: () => Date;
  /** The enrollment service's answer to "is this CPR number a living person's?" */
  population: PopulationPort;
  /** How often ended grants get their expiry recorded. Default a minute. */
  expiryPollMs?: number;
  onError?: (error: unknown) => void;
}

export interface AccessControlService {
  /** What the mailbox and the gateway call (in process here; served over HTTP between processes). */
  port: AccessPort;
  /** For operators, behind operator tokens: naming an organisation's administrator. */
  adminRoutes: FastifyPluginAsyncZod;
  /** Makes the service's table, then records ended grants' expiry from time to time. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The service as a process runs it. Its port is ready at once and makes its table on the first
 * call (tried again after a failure), so no caller waits on the service's start; an ended grant
 * is refused from its end whether or not its expiry is recorded yet.
 */
export const createAccessControlService = (
  options: AccessControlServiceOptions,
): AccessControlService => {
  let made: Promise<AccessControl> | undefined;
  const control = () =>
    (made ??= createAccessControl(options).catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
  let expiries: { stop(): Promise<void> } | undefined;
  const port: AccessPort = {
    rightsOf: async (person) => (await control()).rightsOf(person),
    grantsOn: async (acting, mailboxId) => (await control()).grantsOn(acting, mailboxId),
    grantsHeld: async (person) => (await control()).grantsHeld(person),
    grant: async (acting, mailboxId, input) => (await control()).grant(acting, mailboxId, input),
    revoke: async (acting, mailboxId, holderId) =>
      (await control()).revoke(acting, mailboxId, holderId),
    appointAdministrator: async (operatorId, mailboxId, employee, caseReference) =>
      (await control()).appointAdministrator(operatorId, mailboxId, employee, caseReference),
  };
  return {
    port,
    adminRoutes: administratorRoutes(port),
    start: async () => {
      await control();
      expiries = repeatEvery(
        async () => (await control()).recordExpiries(),
        options.expiryPollMs ?? 60_000,
        options.onError ?? (() => undefined),
      );
    },
    stop: async () => {
      await expiries?.stop();
      await (await made)?.close();
    },
  };
};
