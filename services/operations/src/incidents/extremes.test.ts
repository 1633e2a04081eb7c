import { describe, expect, it } from 'vitest';
import { highest, lowest } from './extremes.ts';

describe('the least and greatest of an incident’s numbers', () => {
  it('are found among millions, where spreading them as arguments overflows the stack', () => {
    const positions = Array.from({ length: 2_000_000 }, (_, i) => i + 7);
    expect(lowest(positions)).toBe(7);
    expect(highest(positions)).toBe(2_000_006);
  });

  it('are infinite for none: no bound at all', () => {
    expect(lowest([])).toBe(Infinity);
    expect(highest([])).toBe(-Infinity);
  });
});
