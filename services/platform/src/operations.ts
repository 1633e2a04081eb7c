import { authenticate, registerBearerChallenge } from '@digital-post/auth';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { audiences, type Identity } from './identity.ts';

/**
 * The operators' API behind operator tokens. The routes record the operator named in
 * `X-Operator` as the actor; here that header is set from the verified token and whatever the
 * caller sent in it is overwritten, so nobody can act under another operator's name.
 */
export const operatorsOnly =
  (identity: Identity, adminRoutes: FastifyPluginAsyncZod): FastifyPluginAsyncZod =>
  async (app) => {
    const operatorOf = operatorCheck(identity);
    registerBearerChallenge(app);
    // onRequest: before the body is read and before the routes validate X-Operator.
    app.addHook('onRequest', async (request) => {
      const operator = await operatorOf(request);
      if (operator.kind === 'operator') request.headers['x-operator'] = operator.operatorId;
    });
    await app.register(adminRoutes);
  };

/** The verified operator of a request to the operations front; 401 for anyone else. */
const operatorCheck = (identity: Identity) => {
  const verifier = identity.verifierFor(audiences.operations);
  return (request: Parameters<typeof authenticate>[0]) =>
    authenticate(request, verifier, ['operator']);
};

/** The operators' API is not public, and neither is its documentation: operator tokens only. */
export const operatorsOnlyDocs = (identity: Identity) => {
  const operatorOf = operatorCheck(identity);
  return async (request: Parameters<typeof authenticate>[0]): Promise<void> => {
    await operatorOf(request);
  };
};
