import {
  authenticate,
  registerBearerChallenge,
  type PrincipalKind,
  type TokenVerifier,
} from '@digital-post/auth';
import {
  currentRequestContext,
  problem,
  runInRequestContext,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import type { FastifyRequest } from 'fastify';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Every kind of principal, so a valid token of the wrong kind is told apart from no token. */
const everyKind = Object.keys({
  citizen: true,
  employee: true,
  'authority-system': true,
  'viewing-client': true,
  operator: true,
  service: true,
} satisfies Record<PrincipalKind, true>) as PrincipalKind[];

const operators = new WeakMap<FastifyRequest, string>();

/**
 * Only the platform's operators use these routes. The token is checked on request, before a
 * body of ten thousand subjects is read: no valid token (missing, forged, expired, for another
 * audience) is 401; a valid token of a citizen, an employee or an authority is 403.
 */
export const requireOperator = (app: App, verifier: TokenVerifier): void => {
  registerBearerChallenge(app);
  app.addHook('onRequest', async (request, reply) => {
    const principal = await authenticate(request, verifier, everyKind, { reply });
    if (principal.kind !== 'operator') {
      throw problem.forbidden('Only operators may use the enrollment operations API.');
    }
    operators.set(request, principal.operatorId);
  });
};

/** The operator the request's token names. */
export const operatorOf = (request: FastifyRequest): string => {
  const operatorId = operators.get(request);
  // Unreachable while the hook is registered; a route outside it must not serve anyone.
  if (operatorId === undefined) throw problem.unauthorized();
  return operatorId;
};

/**
 * Runs `work` with the operator as the actor of the request context, so every event it appends
 * records who did it (the writer stamps events from the context).
 */
export const asOperator = <T>(
  request: FastifyRequest,
  work: (operatorId: string) => Promise<T>,
): Promise<T> => {
  const operatorId = operatorOf(request);
  const context = currentRequestContext() ?? { correlationId: request.correlationId };
  return runInRequestContext({ ...context, actor: { kind: 'operator', id: operatorId } }, () =>
    work(operatorId),
  );
};
