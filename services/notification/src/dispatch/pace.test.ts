import { describe, expect, it } from 'vitest';
import { paceOf } from './pace.ts';

const at = (ms: number) => new Date(Date.parse('2026-12-01T10:00:00.000Z') + ms);

describe('a provider’s pace', () => {
  it('given no rate, when asked, then allows any number', () => {
    expect(paceOf(undefined).allowance(at(0))).toBe(Number.POSITIVE_INFINITY);
  });

  it('given 10 a second, when 10 went, then none more until time passes, then at that rate', () => {
    const pace = paceOf(10);
    expect(pace.allowance(at(0))).toBe(10);
    pace.spend(10);
    expect(pace.allowance(at(0))).toBe(0);
    expect(pace.allowance(at(300))).toBe(3);
    pace.spend(3);
    expect(pace.allowance(at(1_000))).toBe(7);
  });

  it('given a long quiet time, when asked, then never more than a second’s worth', () => {
    const pace = paceOf(10);
    pace.spend(pace.allowance(at(0)));
    expect(pace.allowance(at(3_600_000))).toBe(10);
  });

  it('given a clock set back, when asked, then it fills nothing', () => {
    const pace = paceOf(10);
    pace.spend(pace.allowance(at(0)));
    expect(pace.allowance(at(500))).toBe(5);
    expect(pace.allowance(at(-60_000))).toBe(5);
  });
});
