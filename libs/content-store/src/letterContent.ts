import { createHash } from 'node:crypto';

/** A file as stored: once, addressed by the SHA-256 of its bytes. */
export interface StoredFile {
  sha256: string;
  mimeType: string;
  sizeBytes: number;
}

export interface LetterFile {
  fileId: string;
  name: string;
  mimeType: string;
  sha256: string;
  sizeBytes: number;
}

export interface LetterDocument {
  documentId: string;
  role: 'main' | 'additional';
  title: string;
  files: LetterFile[];
}

export interface LetterAction {
  kind: 'payment' | 'self-service' | 'appointment';
  label: string;
  url: string;
}

/** What a letter says, kept off the bus: events carry only its digest and the file digests. */
export interface LetterContent {
  title: string;
  notificationText?: string;
  documents: LetterDocument[];
  actions: LetterAction[];
  reply?: { allowed: boolean; replyByDateTime?: string };
  inReplyTo?: string;
}

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
