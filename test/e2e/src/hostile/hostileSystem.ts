import type { Platform } from '@digital-post/platform';
import { launchSystem, type Deployment, type RunningSystem } from '../system.ts';

/**
 * The whole system as `startSystem` runs it, keeping a handle on the platform's database: the
 * only way to tell that a refused request wrote nothing is to count what is stored.
 */
export interface HostileSystem extends RunningSystem {
  /** Rows of the event log and of the content store, as one comparable text. */
  writes(): Promise<string>;
  /** Waits until `writes()` stops changing: what earlier requests set off has run its course. */
  settle(): Promise<string>;
  /** Events recorded under any of these correlation ids (a request's, and all it set off). */
  eventsCorrelatedWith(correlationIds: string[]): Promise<number>;
}

const WRITES = `select (select count(*) from events) || ':' ||
  (select count(*) from content.files) || ':' || (select count(*) from content.letters) as writes`;

/** How long nothing may change before the system counts as at rest; Kafka hops take longer. */
const QUIET_MS: Record<Deployment, number> = { embedded: 300, scale: 1200 };

export const startHostileSystem = async (deployment: Deployment): Promise<HostileSystem> => {
  // HOSTILE_LOG_LEVEL=error shows the services' own account of a 500 while investigating one.
  const logLevel = process.env.HOSTILE_LOG_LEVEL;
  const { system, platform } = await launchSystem(
    deployment,
    logLevel ? { LOG_LEVEL: logLevel } : {},
  );
  const writes = () => countWrites(platform);
  return {
    ...system,
    writes,
    settle: () => untilQuiet(writes, QUIET_MS[deployment]),
    eventsCorrelatedWith: (ids) => countCorrelated(platform, ids),
  };
};

const countWrites = async (platform: Platform): Promise<string> => {
  const [row] = await platform.store.db.query<{ writes: string }>(WRITES);
  return row!.writes;
};

const countCorrelated = async (platform: Platform, ids: string[]): Promise<number> => {
  if (ids.length === 0) return 0;
  const [row] = await platform.store.db.query<{ n: number }>(
    `select count(*)::int as n from events where metadata->>'correlationId' = any($1::text[])`,
    [ids],
  );
  return row!.n;
};

const POLL_MS = 100;
const SETTLE_TIMEOUT_MS = 60_000;

const untilQuiet = async (writes: () => Promise<string>, quietMs: number): Promise<string> => {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = await writes();
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error(`the system never came to rest (${last})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = await writes();
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
  return last;
};
