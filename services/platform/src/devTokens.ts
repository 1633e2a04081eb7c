import type { DevIssuer, Principal } from '@digital-post/auth';
import { problem, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { audiences, type Identity } from './identity.ts';

const id = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** Whom a development token is for; a user's token is issued through one viewing client. */
export const tokenRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('citizen'), cpr: z.string().regex(/^\d{10}$/), clientId: id }),
  z.strictObject({
    kind: z.literal('employee'),
    cvr: z.string().regex(/^\d{8}$/),
    rid: z.string().regex(/^\d{1,16}$/),
    clientId: id,
  }),
  z.strictObject({ kind: z.literal('authority-system'), authorityId: id, systemId: id }),
  z.strictObject({ kind: z.literal('viewing-client'), clientId: id }),
  z.strictObject({ kind: z.literal('operator'), operatorId: id }),
]);

/** The API a principal's token is for. */
export const audienceOf = (principal: Principal): string =>
  principal.kind === 'authority-system'
    ? audiences.senderApi
    : principal.kind === 'operator'
      ? audiences.operations
      : audiences.gateway;

type TokenRequest = z.infer<typeof tokenRequest>;

/** The token a development request asks for, for the API its principal uses. */
export const devToken = async (issuer: DevIssuer, whom: TokenRequest) => {
  const audience = audienceOf(whom);
  const clientId = 'clientId' in whom ? whom.clientId : undefined;
  return { token: await issuer.issue(whom, { audience, clientId }), audience };
};

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
const isLoopback = (address: string | undefined): boolean =>
  address !== undefined &&
  (address === '::1' || /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address));

/**
 * For local runs only: a token for anyone, from the development issuer. It answers callers on
 * this machine only (the connection's address, not a forwarding header anyone can set); to
 * anyone else the route is not there.
 */
export const devTokenRoutes =
  (identity: Identity): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (!isLoopback(request.socket.remoteAddress)) {
        throw problem.notFound(`No route for ${request.method} ${request.url.split('?')[0]}.`);
      }
    });
    app.post(
      '/dev/tokens',
      {
        schema: {
          body: tokenRequest,
          response: { 200: z.object({ token: z.string(), audience: z.string() }) },
        },
      },
      async (request) => devToken(identity.issuer, request.body),
    );
  };
