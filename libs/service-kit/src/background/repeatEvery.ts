/**
 * Runs `work` now and then again `intervalMs` after each run ends, until stopped; a run that
 * fails is reported and the next one tries again. `stop` waits for a run in progress, so a
 * service that stops leaves no transaction half done.
 */
export const repeatEvery = (
  work: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = work()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
