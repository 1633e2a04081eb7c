import { describe, expect, it } from 'vitest';
import { sha256Schema } from './avro/logicalTypes.ts';
import { zodFromAvro } from './avro/zod.ts';
import { sha256Hex } from './hash.ts';

describe('sha256Hex', () => {
  it('digests text as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex(new TextEncoder().encode('æøå'))).toBe(sha256Hex('æøå'));
  });

  it('yields what the contracts accept as a content digest', () => {
    expect(zodFromAvro(sha256Schema).parse(sha256Hex('a letter'))).toHaveLength(64);
  });
});
