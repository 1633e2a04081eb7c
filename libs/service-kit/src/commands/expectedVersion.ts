import { ConcurrencyError, type ExpectedVersion } from '@digital-post/event-store';

/**
 * The store's own rule, checked before deciding: a command meant for a version the stream has
 * left must fail as a conflict, not be decided against state the caller never saw.
 */
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
