import type { Database } from '@digital-post/event-store';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { replayRoutes } from './replay/replayRoutes.ts';

export interface OperationsService {
  /** The SREs' routes for the operations front, behind the platform's operator check. */
  adminRoutes: FastifyPluginAsyncZod;
}

/** The operations service reads the log; it consumes nothing and starts nothing. */
export const createOperationsService = ({ db }: { db: Database }): OperationsService => ({
  adminRoutes: replayRoutes(db),
});
