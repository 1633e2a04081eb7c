import { createHash } from 'node:crypto';
import type { LetterContent } from '@digital-post/contracts';

/** A file's bytes as stored: once, addressed by their SHA-256; no type, no name. */
export interface StoredFile {
  sha256: string;
  sizeBytes: number;
}

// What a letter says is part of the mailbox port; stored here once, off the bus.
export type {
  LetterAction,
  LetterContent,
  LetterDocument,
  LetterFile,
} from '@digital-post/contracts';

export const sha256Hex = (bytes: Buffer | string): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * JSON with object keys sorted and undefined members dropped, so equal content always hashes
 * the same however its fields were ordered.
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, member]) => [key, sortKeys(member)]));
};

export const letterDigest = (letter: LetterContent): string => sha256Hex(canonicalJson(letter));
