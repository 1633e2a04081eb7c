/**
 * A dependency the service cannot serve without (the event store, the bus). The check passes
 * when it resolves to anything but `false`; it fails when it rejects, returns `false` or runs
 * past the timeout, at which point `signal` is aborted so it can give up its work.
 */
export interface ReadinessCheck {
  name: string;
  check(signal: AbortSignal): Promise<unknown> | unknown;
}

export interface CheckOutcome {
  name: string;
  status: 'pass' | 'fail' | 'timeout';
  /** Why it failed; for the log only, since it may name hosts or users. */
  error?: unknown;
}

const TIMED_OUT = Symbol('timed out');

/** Runs every check at once, each bounded by `timeoutMs`. */
export const runReadinessChecks = (
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<CheckOutcome[]> => Promise.all(checks.map((check) => runCheck(check, timeoutMs)));

const runCheck = async (check: ReadinessCheck, timeoutMs: number): Promise<CheckOutcome> => {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(TIMED_OUT);
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([invoke(check, controller.signal), timeout]);
    if (result === TIMED_OUT) return { name: check.name, status: 'timeout' };
    return { name: check.name, status: result === false ? 'fail' : 'pass' };
  } catch (error) {
    return { name: check.name, status: 'fail', error };
  } finally {
    clearTimeout(timer);
  }
};

// Through a promise, so a check that throws synchronously fails like one that rejects.
const invoke = async (check: ReadinessCheck, signal: AbortSignal): Promise<unknown> =>
  check.check(signal);
