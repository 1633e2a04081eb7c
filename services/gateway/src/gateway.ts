import { registerBearerChallenge } from '@digital-post/auth';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { GatewayDeps } from './http/deps.ts';
import { mailboxErrorToProblem } from './http/mailboxProblems.ts';
import { grantRoutes, myAccessRoutes } from './routes/accessRoutes.ts';
import { fileRoutes } from './routes/fileRoutes.ts';
import { folderRoutes } from './routes/folderRoutes.ts';
import { mailboxRoutes } from './routes/mailboxRoutes.ts';
import { messageChangeRoutes } from './routes/messageChangeRoutes.ts';
import { messageRoutes } from './routes/messageRoutes.ts';
import { myEnrollmentRoutes } from './routes/myEnrollmentRoutes.ts';
import {
  noticeDetailsRoutes,
  organisationNoticeDetailsRoutes,
} from './routes/noticeDetailsRoutes.ts';
import { syncRoutes } from './routes/syncRoutes.ts';
import { writingRoutes } from './routes/writingRoutes.ts';

export type GatewayOptions = GatewayDeps;

/**
 * The viewing clients' API (e-Boks, mit.dk, borger.dk, the app) under /v1: every request names
 * the client and the person, and is served by the mailbox in process.
 */
export const createGateway = (deps: GatewayOptions): { routes: FastifyPluginAsyncZod } => ({
  routes: async (app) => {
    registerBearerChallenge(app);
    // The mailbox's own errors become problems here; the app's handler answers with them.
    app.setErrorHandler((error) => {
      throw mailboxErrorToProblem(error);
    });
    for (const routes of [
      mailboxRoutes,
      folderRoutes,
      messageRoutes,
      fileRoutes,
      messageChangeRoutes,
      writingRoutes,
      syncRoutes,
    ]) {
      await app.register(routes(deps));
    }
    if (deps.noticeDetails) await app.register(noticeDetailsRoutes(deps, deps.noticeDetails));
    if (deps.myEnrollment) await app.register(myEnrollmentRoutes(deps, deps.myEnrollment));
    const now = deps.now ?? (() => new Date());
    if (deps.access) {
      await app.register(myAccessRoutes(deps, deps.access, now));
      await app.register(grantRoutes(deps, deps.access));
    }
    if (deps.noticeDetails && deps.access) {
      const { noticeDetails, access } = deps;
      await app.register(organisationNoticeDetailsRoutes(deps, noticeDetails, access, now));
    }
  },
});
