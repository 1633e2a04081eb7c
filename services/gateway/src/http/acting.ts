import { AuthError, authenticate, type TokenVerifier } from '@digital-post/auth';
import { personIdOf, type Acting, type Person, type ViewingClient } from '@digital-post/contracts';
import { problem, setCurrentActor } from '@digital-post/service-kit';
import type { FastifyRequest } from 'fastify';

export const CLIENT_TOKEN_HEADER = 'x-client-token';

export interface AuthenticationDeps {
  userVerifier: TokenVerifier;
  clientVerifier: TokenVerifier;
  /** The registered viewing clients by client id, with the name the event log records. */
  registeredClients: ReadonlyMap<string, ViewingClient>;
}

const CLIENT_REFUSED = 'A registered viewing client must present a valid client token.';

interface ClientOfRequest {
  /** As the client's token names it, and as users' tokens issued through it carry it. */
  clientId: string;
  viewingClient: ViewingClient;
}

/** The viewing client the request comes through: a valid token of a registered client. */
const clientOf = async (
  request: FastifyRequest,
  deps: AuthenticationDeps,
): Promise<ClientOfRequest> => {
  const token = request.headers[CLIENT_TOKEN_HEADER];
  try {
    const client = await deps.clientVerifier.verify(typeof token === 'string' ? token.trim() : '', [
      'viewing-client',
    ]);
    const clientId = client.kind === 'viewing-client' ? client.clientId : '';
    const viewingClient = deps.registeredClients.get(clientId);
    if (viewingClient) return { clientId, viewingClient };
    request.log.info({ authFailure: 'unregistered-client' }, 'client refused');
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    request.log.info(
      { authFailure: error.reason, header: CLIENT_TOKEN_HEADER },
      'client token refused',
    );
  }
  throw problem.unauthorized(CLIENT_REFUSED);
};

/**
 * Who acts, and through what: the end user by the identity provider's token (a citizen, or a
 * company's employee) and the viewing client by its own. Both are required; a client alone acts
 * for nobody, and a user's token works only through the client it was issued through.
 */
export const actingOf = async (
  request: FastifyRequest,
  deps: AuthenticationDeps,
): Promise<Acting> => {
  const { clientId, viewingClient } = await clientOf(request, deps);
  // The user's token must have been issued through this very client.
  const person = (await authenticate(request, deps.userVerifier, ['citizen', 'employee'], {
    boundTo: clientId,
  })) as Person;
  // For the request's logs and any event written below, whatever path writes it.
  setCurrentActor({ kind: person.kind, id: personIdOf(person), client: viewingClient });
  return { person, viewingClient };
};
