import type { FastifyBaseLogger } from 'fastify';
import { processShutdownHooks, type NamedHook, type ShutdownHooks } from './shutdownHooks.ts';

export interface ShutdownOptions {
  /** Closed first: stops accepting connections and waits for requests in flight. */
  app?: { close(): Promise<unknown>; log?: FastifyBaseLogger };
  signals?: readonly NodeJS.Signals[];
  /** For the whole shutdown; keep it under the orchestrator's grace period. Default 10 s. */
  timeoutMs?: number;
  hooks?: ShutdownHooks;
  logger?: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Called after a signal-triggered shutdown; a seam for tests. Default `process.exit`. */
  exit?: (code: number) => void;
}

export interface ShutdownOutcome {
  ok: boolean;
  timedOut: boolean;
  /** Names of the steps that threw. */
  failed: string[];
}

export interface InstalledShutdown {
  /** Runs the shutdown once; later calls get the same outcome. Does not exit the process. */
  shutdown(reason?: string): Promise<ShutdownOutcome>;
  /** Removes the signal listeners. */
  uninstall(): void;
}

/**
 * On the first signal: close the app, then run the hooks newest first, within a deadline, then
 * exit (1 if anything failed or timed out). A second signal exits at once, for an operator who
 * will not wait.
 */
export const installShutdown = (options: ShutdownOptions = {}): InstalledShutdown => {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const logger = options.logger ?? options.app?.log;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<ShutdownOutcome> | undefined;

  const shutdown = (reason = 'requested'): Promise<ShutdownOutcome> => {
    running ??= runSteps(stepsOf(options), options.timeoutMs ?? 10_000, logger, reason);
    return running;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) {
      logger?.warn({ signal }, 'second signal during shutdown: exiting now');
      return exit(1);
    }
    void shutdown(signal).then((outcome) => exit(outcome.ok ? 0 : 1));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    shutdown,
    uninstall: () => signals.forEach((signal) => process.off(signal, onSignal)),
  };
};

const stepsOf = (options: ShutdownOptions): NamedHook[] => {
  const app = options.app;
  const hooks = (options.hooks ?? processShutdownHooks).newestFirst();
  return app ? [{ name: 'http server', run: () => app.close() }, ...hooks] : hooks;
};

const runSteps = async (
  steps: NamedHook[],
  timeoutMs: number,
  logger: ShutdownOptions['logger'],
  reason: string,
): Promise<ShutdownOutcome> => {
  logger?.info({ reason }, 'shutting down');
  const deadline = Date.now() + timeoutMs;
  const failed: string[] = [];
  for (const step of steps) {
    const result = await runWithin(step, deadline - Date.now());
    if (result === 'timeout') {
      logger?.error({ step: step.name, timeoutMs }, 'shutdown timed out');
      return { ok: false, timedOut: true, failed };
    }
    if (result !== 'done') {
      logger?.error({ step: step.name, err: result.error }, 'shutdown step failed');
      failed.push(step.name);
    }
  }
  logger?.info({ failed }, 'shutdown complete');
  return { ok: failed.length === 0, timedOut: false, failed };
};

type StepResult = 'done' | 'timeout' | { error: unknown };

const runWithin = async (step: NamedHook, ms: number): Promise<StepResult> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(ms, 0));
  });
  const work = (async (): Promise<StepResult> => {
    await step.run();
    return 'done';
  })().catch((error: unknown) => ({ error }));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
