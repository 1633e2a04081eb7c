import { launchSystem, type RunningSystem } from '@digital-post/e2e/system';
import type { Platform } from '@digital-post/platform';
import { waitFor } from '@digital-post/testing';

export type { RunningSystem };
export type Engine = 'PGlite' | 'PostgreSQL';

/**
 * The whole platform on loopback ports with the embedded bus on both engines: the figures then
 * differ by the database alone. The platform is at hand to generate the population into its
 * store and to look at its read models.
 */
export const startSystem = (
  engine: Engine,
): Promise<{ system: RunningSystem; platform: Platform }> =>
  launchSystem({ database: engine === 'PGlite' ? 'pglite' : 'postgres', bus: 'embedded' });

/** Waits until every consumer has handled everything in the log (after the population). */
export const consumersCaughtUp = (platform: Platform): Promise<unknown> =>
  waitFor(async () => (await platform.bus.lag()).every((lag) => lag.events === 0), {
    timeoutMs: 30 * 60_000,
    message: 'consumers caught up',
  });
