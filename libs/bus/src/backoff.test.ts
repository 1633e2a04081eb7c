import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('backoff between failed attempts', () => {
  it('waits after failures and no longer after a success', () => {
    const backoff = new Backoff({ initialMs: 60_000, maxMs: 120_000 });
    expect(backoff.waiting).toBe(false);
    backoff.failed();
    backoff.failed();
    backoff.failed();
    expect(backoff.waiting).toBe(true);
    expect(backoff.consecutiveFailures).toBe(3);
    expect(backoff.remainingMs).toBeGreaterThan(60_000); // the third wait: doubled twice, capped
    expect(backoff.remainingMs).toBeLessThanOrEqual(120_000);
    backoff.succeeded();
    expect(backoff.waiting).toBe(false);
    expect(backoff.remainingMs).toBe(0);
  });
});
