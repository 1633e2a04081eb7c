import { createDevIssuer, type Principal } from '@digital-post/auth';
import { CLIENT_AUDIENCE, USER_AUDIENCE, type GatewayFixture } from './gatewayFixture.ts';

/**
 * Headers every route that acts for a user must answer with 401: nothing; a client without a
 * user; a user without a client; an expired, a wrong-audience and a forged user token; a token
 * of a kind that acts for no mailbox; a user's token posing as the client's; and a user's token
 * issued through another client, or through none.
 */
export const refusedCredentials = async (
  fx: Pick<GatewayFixture, 'idp' | 'clients'>,
  person: Principal,
): Promise<Array<Record<string, string>>> => {
  const userToken = (options: { audience?: string; ttlSeconds?: number; clientId?: string } = {}) =>
    fx.idp.issue(person, { audience: USER_AUDIENCE, clientId: 'eboks', ...options });
  const client = await fx.clients.issue(
    { kind: 'viewing-client', clientId: 'eboks' },
    { audience: CLIENT_AUDIENCE },
  );
  const forger = await createDevIssuer({ issuer: fx.idp.issuer });
  const system = await fx.idp.issue(
    { kind: 'authority-system', authorityId: 'skat', systemId: 's1' },
    { audience: USER_AUDIENCE },
  );
  const withClient = (token: string) => ({
    authorization: `Bearer ${token}`,
    'x-client-token': client,
  });
  return [
    {},
    { 'x-client-token': client },
    { authorization: `Bearer ${await userToken()}` },
    withClient(await userToken({ ttlSeconds: -120 })),
    withClient(await userToken({ audience: 'x' })),
    withClient(await forger.issue(person, { audience: USER_AUDIENCE, clientId: 'eboks' })),
    withClient(await userToken({ clientId: 'app' })),
    withClient(await fx.idp.issue(person, { audience: USER_AUDIENCE })),
    withClient(system),
    { authorization: `Bearer ${await userToken()}`, 'x-client-token': await userToken() },
  ];
};
