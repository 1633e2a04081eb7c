import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { routingIncidentRoutes } from './incidents/routing/routingIncidentRoutes.ts';
import { replayRoutes } from './replay/replayRoutes.ts';

export interface OperationsService {
  /** The SREs' routes for the operations front, behind the platform's operator check. */
  adminRoutes: FastifyPluginAsyncZod;
}

export interface OperationsDeps {
  db: Database;
  /** Routing's trusted release, deciding letters again for an incident's reconstruction. */
  redecision: RedecisionPort;
}

/** The operations service reads the log; it consumes nothing and starts nothing. */
export const createOperationsService = ({ db, redecision }: OperationsDeps): OperationsService => ({
  adminRoutes: async (app) => {
    await app.register(replayRoutes(db));
    await app.register(routingIncidentRoutes(db, redecision));
  },
});
