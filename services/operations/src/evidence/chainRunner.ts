import type { Database } from '@digital-post/event-store';
import { repeatEvery, type ReadinessCheck } from '@digital-post/service-kit';
import { chainRound, type ChainOptions } from './chainer.ts';

export const CHAIN_READINESS = 'chain over the log';

export interface ChainRunnerOptions extends ChainOptions {
  /** The pause after a round that found the log's end. */
  idleMs: number;
  onError(error: unknown): void;
}

/**
 * The chain kept up with the log in the operations process: rounds back to back while the log
 * has events past the chain's head, a pause when it has none. Its readiness fails while its
 * last round failed: a chain that has stopped growing is not working. Its tables are there
 * already (`ensureChainSchema`, at the service's start).
 */
export const startChainer = (db: Database, options: ChainRunnerOptions) => {
  let failing: unknown;
  const running = repeatEvery(
    async () => {
      while ((await chainRound(db, options)) === options.batchSize);
      failing = undefined;
    },
    options.idleMs,
    (error) => {
      failing = error;
      options.onError(error);
    },
  );
  const readiness: ReadinessCheck = {
    name: CHAIN_READINESS,
    check: () => {
      if (failing !== undefined) {
        throw new Error('the chain over the log failed its last round', { cause: failing });
      }
    },
  };
  return { stop: () => running.stop(), readiness };
};
