import { createHash } from 'node:crypto';

/**
 * The SHA-256 digest in lower-case hex: how events refer to letter content and
 * documents without carrying them (see `sha256Schema`).
 */
export function sha256Hex(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}
