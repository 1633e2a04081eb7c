import { launchSystem, type RunningSystem } from '@digital-post/e2e/system';
import type { Platform } from '@digital-post/platform';
import type { ConsumerLag } from '@digital-post/bus';
import type { Database } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import { perServiceCaughtUp, startPerServiceBench } from './perService.ts';

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
    // Counting a large backlog is work for the database too: asked twice a second, not twenty times.
    intervalMs: 500,
    message: 'consumers caught up',
  });

/** A system under measurement, whichever its shape: what the benchmark needs of it. */
export interface MeasuredSystem {
  system: RunningSystem;
  /** The database: to generate the population into and to count what is visible. */
  db: Database;
  lag(): Promise<ConsumerLag[]>;
  caughtUp(): Promise<unknown>;
  /** Whether the gateway runs beside the mailbox in the measured process (for the listing). */
  inOneProcess: boolean;
  close(): Promise<void>;
}

/**
 * `Kafka`: one process per service on the PostgreSQL server and the Kafka protocol peer; the
 * others: the whole platform in one process with the embedded bus.
 */
export const measuredSystem = async (
  engine: Engine | 'Kafka',
  letters: number,
): Promise<MeasuredSystem> => {
  if (engine === 'Kafka') {
    const bench = await startPerServiceBench(letters);
    return { ...bench, caughtUp: () => perServiceCaughtUp(bench), inOneProcess: false };
  }
  const { system, platform } = await startSystem(engine);
  return {
    system,
    db: platform.store.db,
    lag: () => platform.bus.lag(),
    caughtUp: () => consumersCaughtUp(platform),
    inOneProcess: true,
    close: () => system.close(),
  };
};
