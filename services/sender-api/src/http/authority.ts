import { authenticate, registerBearerChallenge, type TokenVerifier } from '@digital-post/auth';
import { problem } from '@digital-post/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface AuthoritySystem {
  authorityId: string;
  systemId: string;
}

const authenticated = new WeakMap<FastifyRequest, AuthoritySystem>();

/**
 * Every route of the sender API is for authority systems. The token is checked on request,
 * before a body of up to tens of megabytes is read and parsed for an unknown caller.
 */
export const requireAuthoritySystem = (app: FastifyInstance, verifier: TokenVerifier): void => {
  registerBearerChallenge(app);
  app.addHook('onRequest', async (request, reply) => {
    const principal = await authenticate(request, verifier, ['authority-system'], { reply });
    if (principal.kind !== 'authority-system') throw problem.unauthorized();
    authenticated.set(request, {
      authorityId: principal.authorityId,
      systemId: principal.systemId,
    });
  });
};

export const authorityOf = (request: FastifyRequest): AuthoritySystem => {
  const authority = authenticated.get(request);
  // Unreachable while the hook is registered; a route outside it must not serve anyone.
  if (!authority) throw problem.unauthorized();
  return authority;
};
