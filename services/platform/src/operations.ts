import { authenticate, registerBearerChallenge, type Principal } from '@digital-post/auth';
import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { audiences, type Identity } from './identity.ts';

/**
 * The operators' API behind operator tokens. The routes record the operator named in
 * `X-Operator` as the actor; here that header is set from the verified token and whatever the
 * caller sent in it is overwritten, so nobody can act under another operator's name.
 */
export const operatorsOnly =
  (identity: Identity, adminRoutes: FastifyPluginAsyncZod): FastifyPluginAsyncZod =>
  async (app) => {
    const verifier = identity.verifierFor(audiences.operations);
    registerBearerChallenge(app);
    // onRequest: before the body is read and before the routes validate X-Operator.
    app.addHook('onRequest', async (request) => {
      const operator = await authenticate(request, verifier, ['operator']);
      if (operator.kind === 'operator') request.headers['x-operator'] = operator.operatorId;
    });
    await app.register(adminRoutes);
  };

const id = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
const tokenRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('citizen'), cpr: z.string().regex(/^\d{10}$/) }),
  z.strictObject({
    kind: z.literal('employee'),
    cvr: z.string().regex(/^\d{8}$/),
    rid: z.string().regex(/^\d{1,16}$/),
  }),
  z.strictObject({ kind: z.literal('authority-system'), authorityId: id, systemId: id }),
  z.strictObject({ kind: z.literal('viewing-client'), clientId: id }),
  z.strictObject({ kind: z.literal('operator'), operatorId: id }),
]);

const audienceOf = (principal: Principal): string =>
  principal.kind === 'authority-system'
    ? audiences.senderApi
    : principal.kind === 'operator'
      ? audiences.operations
      : audiences.gateway;

/** For local runs only: a token for anyone, from the development issuer. */
export const devTokenRoutes =
  (identity: Identity): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/dev/tokens',
      {
        schema: {
          body: tokenRequest,
          response: { 200: z.object({ token: z.string(), audience: z.string() }) },
        },
      },
      async (request) => {
        const audience = audienceOf(request.body);
        return { token: await identity.issuer.issue(request.body, { audience }), audience };
      },
    );
  };
