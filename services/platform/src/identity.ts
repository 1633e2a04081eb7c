import { readFile } from 'node:fs/promises';
import {
  createDevIssuer,
  createTokenVerifier,
  type DevIssuer,
  type TokenVerifier,
} from '@digital-post/auth';
import type { ViewingClient } from '@digital-post/contracts';
import { INTERNAL_AUDIENCE } from '@digital-post/port-http';
import type { PlatformConfig } from './config.ts';

/** Each API accepts only tokens issued for it: a gateway token is no use at the sender API. */
export const audiences = {
  gateway: 'https://gateway.digitalpost.local',
  senderApi: 'https://sender-api.digitalpost.local',
  operations: 'https://operations.digitalpost.local',
} as const;

/** The viewing clients registered with the gateway, and how the event log names each. */
export const registeredClients: ReadonlyMap<string, ViewingClient> = new Map([
  ['borger-dk', 'borger_dk'],
  ['digital-post-app', 'digital_post_app'],
  ['e-boks', 'e_boks'],
  ['mit-dk', 'mit_dk'],
]);

export interface Identity {
  /** The development issuer: it makes tokens for /dev/tokens, whoever is trusted. */
  issuer: DevIssuer;
  verifierFor(audience: string): TokenVerifier;
  /** Signs this process's calls to another process's ports, with the deployment's service key. */
  services: DevIssuer;
  /** Accepts only calls signed with the deployment's service key, for its ports. */
  internalVerifier: TokenVerifier;
}

const SERVICES_ISSUER = 'https://services.digitalpost.local';

/**
 * Tokens come from the identity provider named in the configuration. Without one, the platform
 * trusts a development issuer whose key lives in the data directory, so tokens survive restarts.
 */
export const openIdentity = async (config: PlatformConfig): Promise<Identity> => {
  const issuer = await createDevIssuer({ keyFile: config.DIGITAL_POST_DEV_IDP_KEY_FILE });
  const trusted = config.DIGITAL_POST_IDP_JWKS_FILE
    ? {
        issuer: config.DIGITAL_POST_IDP_ISSUER!,
        keys: JSON.parse(await readFile(config.DIGITAL_POST_IDP_JWKS_FILE, 'utf8')),
      }
    : { issuer: issuer.issuer, keys: issuer.publicKeys };
  const services = await createDevIssuer({
    keyFile: config.DIGITAL_POST_SERVICE_KEY_FILE,
    issuer: SERVICES_ISSUER,
  });
  return {
    issuer,
    verifierFor: (audience) => createTokenVerifier({ ...trusted, audience }),
    services,
    internalVerifier: createTokenVerifier({
      issuer: SERVICES_ISSUER,
      audience: INTERNAL_AUDIENCE,
      keys: services.publicKeys,
    }),
  };
};
