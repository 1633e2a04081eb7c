import type {
  EnrollmentRedecisionPort,
  RedecisionPort,
  WithdrawalPort,
} from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import { contractCheckedStore, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { breachRoutes } from './breaches/breachRoutes.ts';
import { enrollmentIncidentRoutes } from './incidents/enrollment/enrollmentIncidentRoutes.ts';
import { routingIncidentRoutes } from './incidents/routing/routingIncidentRoutes.ts';
import { remediationRoutes } from './remediation/remediationRoutes.ts';
import { replayRoutes } from './replay/replayRoutes.ts';
import { stateRoutes } from './state/stateRoutes.ts';

export interface OperationsService {
  /** The SREs' routes for the operations front, behind the platform's operator check. */
  adminRoutes: FastifyPluginAsyncZod;
}

export interface OperationsDeps {
  db: Database;
  /** Where breaches are recorded: streams `breach-<id>` of the log. */
  store: EventStore;
  /** Routing's trusted release, deciding letters again (reconstruction) and routing them again
   * where they belonged (remediation). */
  redecision: RedecisionPort;
  /** The mailbox, taking misdelivered letters out of the mailboxes that got them. */
  withdrawal: WithdrawalPort;
  /** Enrollment's rules in force, deciding changes again for an incident's reconstruction. */
  enrollmentRedecision: EnrollmentRedecisionPort;
  now?: () => Date;
}

/** The operations service reads the log and records breaches; it consumes nothing. */
export const createOperationsService = (deps: OperationsDeps): OperationsService => {
  const { db, redecision, withdrawal, enrollmentRedecision } = deps;
  const store = contractCheckedStore(deps.store);
  const now = deps.now ?? (() => new Date());
  return {
    adminRoutes: async (app) => {
      await app.register(replayRoutes(db));
      await app.register(stateRoutes(db));
      await app.register(routingIncidentRoutes(db, redecision));
      await app.register(enrollmentIncidentRoutes(db, enrollmentRedecision));
      await app.register(breachRoutes({ db, store, redecision, enrollmentRedecision, now }));
      await app.register(remediationRoutes({ db, redecision, withdrawal }));
    },
  };
};
