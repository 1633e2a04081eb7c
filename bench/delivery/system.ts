import { startSystem as startWholeSystem, type RunningSystem } from '@digital-post/e2e/system';

export type { RunningSystem };
export type Engine = 'PGlite' | 'PostgreSQL';

/**
 * The whole platform on loopback ports with the embedded bus on both engines: the figures then
 * differ by the database alone.
 */
export const startSystem = (engine: Engine): Promise<RunningSystem> =>
  startWholeSystem({ database: engine === 'PGlite' ? 'pglite' : 'postgres', bus: 'embedded' });
