import type { Database } from '@digital-post/event-store';
import { repeatEvery } from '@digital-post/service-kit';
import { chainRound, type ChainOptions } from './chainer.ts';
import { ensureChainSchema } from './chainSchema.ts';

export interface ChainRunnerOptions extends ChainOptions {
  /** The pause after a round that found the log's end. */
  idleMs: number;
  onError(error: unknown): void;
}

/**
 * The chain kept up with the log in the operations process: rounds back to back while the log
 * has events past the chain's head, a pause when it has none.
 */
export const startChainer = async (db: Database, options: ChainRunnerOptions) => {
  await ensureChainSchema(db);
  return repeatEvery(
    async () => {
      while ((await chainRound(db, options)) === options.batchSize);
    },
    options.idleMs,
    options.onError,
  );
};
