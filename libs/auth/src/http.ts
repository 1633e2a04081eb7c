import { problem } from '@digital-post/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from './authError.ts';
import type { Principal, PrincipalKind } from './principal.ts';
import type { TokenVerifier, VerifyOptions } from './verifier.ts';

export interface AuthenticateOptions extends VerifyOptions {
  /** The header holding the bearer token; `authorization` unless said. */
  header?: string;
  /** Given, a refusal carries `WWW-Authenticate: Bearer`. */
  reply?: FastifyReply;
}

/** The token of an `Authorization: Bearer <token>` value, or '' when there is none. */
export const bearerToken = (headerValue: string | string[] | undefined): string => {
  const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(value ?? '');
  return match?.[1] ?? '';
};

export const BEARER_CHALLENGE = 'Bearer';
const UNAUTHENTICATED_DETAIL = 'A valid bearer token of an accepted kind is required.';

/**
 * Verifies the request's bearer token and returns its principal. Every refusal is the same 401
 * problem; the reason goes to the log. Pass `reply` (or register `registerBearerChallenge`) so
 * the answer carries `WWW-Authenticate: Bearer`.
 */
export const authenticate = async (
  request: FastifyRequest,
  verifier: TokenVerifier,
  kinds: PrincipalKind[],
  { header = 'authorization', reply, boundTo }: AuthenticateOptions = {},
): Promise<Principal> => {
  try {
    const token = bearerToken(request.headers[header.toLowerCase()]);
    return await verifier.verify(token, kinds, { boundTo });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    request.log.info({ authFailure: error.reason, header }, 'token refused');
    reply?.header('www-authenticate', BEARER_CHALLENGE);
    throw problem.unauthorized(UNAUTHENTICATED_DETAIL);
  }
};

/** Adds `WWW-Authenticate: Bearer` to every 401 answered in this plugin scope (RFC 6750). */
export const registerBearerChallenge = (app: FastifyInstance): void => {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) {
      reply.header('www-authenticate', BEARER_CHALLENGE);
    }
    return payload;
  });
};
