import autocannon from 'autocannon';
import fastify from 'fastify';
import { call, enrollAll, viewerTokens, type Tokens } from './client.ts';
import { measureDelivery } from './delivery.ts';
import { startGatewayAlone } from './gatewayAlone.ts';
import { profiled } from './profile.ts';
import type { RunningSystem } from './system.ts';

export interface LoadFigures {
  requestsPerSecond: number;
  meanMs: number;
  p99Ms: number;
}

const CONNECTIONS = 10;

/**
 * Loads a URL with autocannon for `seconds` after a one-second warm-up that is not counted. The
 * load runs in a worker thread, so it does not share the event loop of the servers it measures.
 */
const load = async (
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<LoadFigures> => {
  const options = { url, headers, connections: CONNECTIONS, workers: 1 };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return {
    requestsPerSecond: result.requests.average,
    meanMs: result.latency.average,
    p99Ms: result.latency.p99,
  };
};

const headersOf = (tokens: Tokens) => ({
  authorization: `Bearer ${tokens.token}`,
  'x-client-token': tokens.clientToken ?? '',
});

const median = (figures: LoadFigures[]): LoadFigures => {
  const middle = <K extends keyof LoadFigures>(key: K) =>
    figures.map((f) => f[key]).sort((a, b) => a - b)[Math.floor(figures.length / 2)]!;
  return {
    requestsPerSecond: middle('requestsPerSecond'),
    meanMs: middle('meanMs'),
    p99Ms: middle('p99Ms'),
  };
};

const DELEGATION_ROUNDS = 3;

/**
 * The same listing loaded by its owner and by a holder of read access in alternate rounds (each
 * round the other first), each figure the median of its rounds: the machine's drift and noise
 * fall on both alike, so their ratio is the access decision's cost.
 */
const measureDelegation = async (
  url: string,
  owner: Tokens,
  holder: Tokens,
  seconds: number,
): Promise<{ owner: LoadFigures; holder: LoadFigures }> => {
  const rounds = { owner: [] as LoadFigures[], holder: [] as LoadFigures[] };
  const roundSeconds = Math.max(2, Math.round(seconds / 2));
  for (let round = 0; round < DELEGATION_ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['owner', 'holder'] as const) : (['holder', 'owner'] as const);
    for (const who of order) {
      const tokens = who === 'owner' ? owner : holder;
      rounds[who].push(await load(url, headersOf(tokens), roundSeconds));
    }
  }
  return { owner: median(rounds.owner), holder: median(rounds.holder) };
};

/**
 * The gateway's inbox listing under load, and beside it a bare fastify route on another loopback
 * port answering the very page the gateway answered: the same JSON, with no tokens to verify
 * and no database behind it.
 */
export const measureListing = async (
  gateway: string,
  mailboxId: string,
  tokens: Tokens,
  seconds: number,
  profileName = 'listing',
): Promise<{ gateway: LoadFigures; bare: LoadFigures; pageLetters: number }> => {
  const path = `/v1/mailboxes/${mailboxId}/messages`;
  const page = await call<{ messages: unknown[] }>(gateway, 'GET', path, tokens);
  const bareApp = fastify();
  bareApp.get('/v1/mailboxes/:mailboxId/messages', async () => page);
  const bareUrl = await bareApp.listen({ port: 0, host: '127.0.0.1' });
  try {
    const bare = await load(`${bareUrl}${path}`, {}, seconds);
    const headers = headersOf(tokens);
    return {
      gateway: await profiled(profileName, () => load(`${gateway}${path}`, headers, seconds)),
      bare,
      pageLetters: page.messages.length,
    };
  } finally {
    await bareApp.close();
  }
};

export interface ListingFigures {
  listing: { gateway: LoadFigures; bare: LoadFigures; pageLetters: number };
  /**
   * The same listing by someone the owner gave read access, and by the owner, in alternate
   * rounds: the access decision's cost.
   */
  delegation: { owner: LoadFigures; holder: LoadFigures };
  /** The same listing from a gateway in a process of its own, the mailbox's port over HTTP. */
  overHttp: LoadFigures;
}

// The listing is measured on a full first page (the gateway's default page size).
const LISTED_LETTERS = 50;

/** A person the owner lets read all their post, as a relative would be. */
const HOLDER_CPR = '3112791234';

/**
 * The registers report the holder (access is given only to a person they know), the owner gives
 * the holder read access through the gateway; the holder's tokens.
 */
const readHolderOf = async (system: RunningSystem, owner: Tokens, ownerCpr: string) => {
  await enrollAll(system, [HOLDER_CPR], 'bench-holder');
  // Throws on a refusal: the holder's listing would otherwise measure 404s.
  await call(system.gateway, 'POST', `/v1/mailboxes/cpr:${ownerCpr}/access`, {
    ...owner,
    body: { holderCpr: HOLDER_CPR, access: 'read' },
  });
  return viewerTokens(system, HOLDER_CPR);
};

/**
 * Fills an enrolled person's inbox with a page of letters, then loads its listing: through the
 * gateway in the system's process, and through a gateway alone calling the mailbox over HTTP.
 */
export const measureListings = async (
  system: RunningSystem,
  engine: string,
  cpr: string,
  seconds: number,
): Promise<ListingFigures> => {
  await measureDelivery(system, [cpr], LISTED_LETTERS, LISTED_LETTERS);
  const tokens = await viewerTokens(system, cpr);
  const listing = await measureListing(
    system.gateway,
    `cpr:${cpr}`,
    tokens,
    seconds,
    `${engine}-listing`,
  );
  const holder = await readHolderOf(system, tokens, cpr);
  const delegation = await profiled(`${engine}-delegation`, () =>
    measureDelegation(
      `${system.gateway}/v1/mailboxes/cpr:${cpr}/messages`,
      tokens,
      holder,
      seconds,
    ),
  );
  const alone = await startGatewayAlone(system);
  try {
    const overHttp = await measureListing(alone.url, `cpr:${cpr}`, tokens, seconds);
    return { listing, delegation, overHttp: overHttp.gateway };
  } finally {
    await alone.close();
  }
};
