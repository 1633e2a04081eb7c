export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/** The stream was not at the version the writer decided on: reload and decide again. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
  }
}

/** Some, not all, of a batch's event ids are already stored: not a retry, a caller bug. */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
  constructor(readonly eventIds: string[]) {
    super(`events already stored in another append: ${eventIds.join(', ')}`);
  }
}

/** The rule every append is held to, also checked by callers before they decide. */
export const assertExpectedVersion = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 0) ||
    (expected === 'stream_exists' && actual > 0) ||
    expected === actual;
  if (!ok) throw new ConcurrencyError(streamId, expected, actual);
};
