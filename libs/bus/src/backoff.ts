/**
 * Exponential backoff between attempts that failed in a row, so an outage is not hammered and a
 * recovery is picked up soon after.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

export class Backoff {
  private failures = 0;
  private retryAt = 0;

  constructor(private readonly options: BackoffOptions = defaultBackoff) {}

  /** True while the last failure's wait has not passed. */
  get waiting(): boolean {
    return Date.now() < this.retryAt;
  }

  /** How much of the last failure's wait is left; 0 once it has passed. */
  get remainingMs(): number {
    return Math.max(0, this.retryAt - Date.now());
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  failed(): void {
    this.failures += 1;
    const delay = this.options.initialMs * 2 ** Math.min(this.failures - 1, 30);
    this.retryAt = Date.now() + Math.min(this.options.maxMs, delay);
  }

  succeeded(): void {
    this.failures = 0;
    this.retryAt = 0;
  }
}
