import { describe, expect, it } from 'vitest';
import { newEventId } from './eventId.ts';

// RFC 9562: version 7 in the third group, the variant (10xx) in the fourth.
const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('a new event id', () => {
  it('is a version 7 UUID', () => {
    for (let i = 0; i < 1_000; i++) expect(newEventId()).toMatch(VERSION_7);
  });

  it('begins with the time it was made, in milliseconds', () => {
    const at = Date.UTC(2026, 11, 5, 12, 0, 0, 123);
    const id = newEventId(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts after the ids of earlier milliseconds, as text and as a uuid column sorts it', () => {
    const at = Date.now();
    const ids = [at - 2, at - 1, at, at + 1_000].map((time) => newEventId(time));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is not made twice, within one millisecond too', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => newEventId(at)));
    expect(ids.size).toBe(10_000);
  });
});
