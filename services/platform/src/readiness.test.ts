import { describe, expect, it } from 'vitest';
import { consumerStates } from '@digital-post/bus';
import { consumerReadiness } from './bus.ts';

describe('a consumer in readiness', () => {
  const passes = async (state: (typeof consumerStates)[number]) => {
    try {
      await consumerReadiness({ groupId: 'routing', state, reason: 'why' }).check(
        AbortSignal.timeout(1_000),
      );
      return true;
    } catch {
      return false;
    }
  };

  it('fails the process while it is down or stalled, and not while it joins its group', async () => {
    const verdicts = Object.fromEntries(
      await Promise.all(consumerStates.map(async (state) => [state, await passes(state)])),
    );
    expect(verdicts).toEqual({ running: true, joining: true, restarting: false, stalled: false });
  });
});
