import type { Principal } from '@digital-post/auth';
import { problem, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { audiences, type Identity } from './identity.ts';

const id = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** Whom a development token is for. */
export const tokenRequest = z.discriminatedUnion('kind', [
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

/** The API a principal's token is for. */
export const audienceOf = (principal: Principal): string =>
  principal.kind === 'authority-system'
    ? audiences.senderApi
    : principal.kind === 'operator'
      ? audiences.operations
      : audiences.gateway;

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
      async (request) => {
        const audience = audienceOf(request.body);
        return { token: await identity.issuer.issue(request.body, { audience }), audience };
      },
    );
  };
