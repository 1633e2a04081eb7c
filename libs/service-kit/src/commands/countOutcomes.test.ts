import { describe, expect, it } from 'vitest';
import { countOutcomes } from './countOutcomes.ts';

describe('counting outcomes', () => {
  it('names every outcome, with 0 where no result had it', () => {
    const results = [{ outcome: 'held' }, { outcome: 'changed' }, { outcome: 'held' }] as const;
    expect(countOutcomes(['changed', 'held', 'skipped'], results)).toEqual({
      changed: 1,
      held: 2,
      skipped: 0,
    });
  });
});
