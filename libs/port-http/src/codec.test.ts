import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec.ts';

describe("a port's JSON", () => {
  it('keeps bytes as bytes and left-out arguments as left out', () => {
    const args = ['a', undefined, { bytes: Buffer.from('hi') }, undefined];
    const back = decode(encode({ args })) as { args: unknown[] };
    expect(back.args).toHaveLength(4);
    expect(back.args[1]).toBeUndefined();
    expect(back.args[3]).toBeUndefined();
    expect(Buffer.isBuffer((back.args[2] as { bytes: Buffer }).bytes)).toBe(true);
    expect(back.args[2]).toEqual({ bytes: Buffer.from('hi') });
  });

  it('leaves objects that only look like markers alone when they are not', () => {
    const value = { a: { $bytes: 3 }, b: { $undefined: 'yes' }, c: null, d: [null] };
    expect(decode(encode(value))).toEqual(value);
  });
});
