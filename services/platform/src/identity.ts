import { readFile } from 'node:fs/promises';
import {
  createDevIssuer,
  createTokenVerifier,
  type DevIssuer,
  type TokenVerifier,
} from '@digital-post/auth';
import type { ViewingClient } from '@digital-post/mailbox';
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
}

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
  return {
    issuer,
    verifierFor: (audience) => createTokenVerifier({ ...trusted, audience }),
  };
};
