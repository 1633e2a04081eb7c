import { access } from 'node:fs/promises';
import { createDevIssuer } from '@digital-post/auth';
import { loadConfig } from '@digital-post/service-kit';
import { z } from 'zod';
import { devToken, tokenRequest } from './devTokens.ts';

/**
 * `pnpm dev:token '<whom, as JSON>'`: a development token signed with the development issuer's
 * key file, for a deployment that trusts that issuer but serves no `/dev/tokens` to the caller
 * (a container: `docker compose exec routing pnpm -s dev:token '{"kind":"operator",…}'`).
 * Whoever can read the key file can sign any token already; this only saves them the code.
 */
const config = loadConfig(
  z.object({
    DIGITAL_POST_DEV_IDP_KEY_FILE: z.string().min(1).default('.data/dev-idp-key.json'),
  }),
);
const keyFile = config.DIGITAL_POST_DEV_IDP_KEY_FILE;
// A new key would sign tokens that no running platform trusts.
await access(keyFile).catch(() => {
  console.error(`no development issuer's key at ${keyFile}: start the platform first`);
  process.exit(2);
});
const parsed = tokenRequest.safeParse(JSON.parse(process.argv[2] ?? 'null'));
if (!parsed.success) {
  console.error(`whom the token is for, as JSON, e.g. '{"kind":"operator","operatorId":"ops-1"}'`);
  process.exit(2);
}
const issuer = await createDevIssuer({ keyFile });
console.log((await devToken(issuer, parsed.data)).token);
