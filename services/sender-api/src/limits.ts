/** Sizes the sender API accepts; every bound is stated so a sender can plan its hand-ins. */
export interface SenderApiLimits {
  /** Largest decoded file. */
  maxFileBytes: number;
  /** Largest sum of decoded files in one message. */
  maxMessageBytes: number;
  /** Most messages in one batch request. */
  maxBatchMessages: number;
  /** Largest sum of decoded files in one batch request. */
  maxBatchBytes: number;
}

export const DEFAULT_LIMITS: SenderApiLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxMessageBytes: 15 * 1024 * 1024,
  maxBatchMessages: 1000,
  maxBatchBytes: 48 * 1024 * 1024,
};

// JSON around the files: title, texts, actions and ids. Generous, but bounded.
const ENVELOPE_BYTES_PER_MESSAGE = 16 * 1024;

/** Base64 needs 4 characters for every 3 bytes. */
const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/** The HTTP body limit of one message: its largest files in base64, plus the envelope. */
export const messageBodyLimit = (limits: SenderApiLimits): number =>
  base64Length(limits.maxMessageBytes) + ENVELOPE_BYTES_PER_MESSAGE;

/** The HTTP body limit of a batch: all its files in base64, plus every message's envelope. */
export const batchBodyLimit = (limits: SenderApiLimits): number =>
  base64Length(limits.maxBatchBytes) + limits.maxBatchMessages * ENVELOPE_BYTES_PER_MESSAGE;
