import { PortError, type PortDefinition } from '@digital-post/contracts';
import { ConcurrencyError, type ExpectedVersion } from '@digital-post/event-store';
import type { CarriedPortError } from './paths.ts';

/**
 * The failures a caller handles, as they cross between processes: the port's own errors, and a
 * stream that moved on meanwhile (every port of an event-sourced service can answer that one; the
 * gateway makes it 412 or 409 by whether the client sent If-Match).
 */
export const carriedErrorOf = (
  definition: Pick<PortDefinition<unknown>, 'errors'>,
  error: unknown,
): CarriedPortError | undefined => {
  if (error instanceof ConcurrencyError) {
    const { streamId, expected, actual } = error;
    const fields = { streamId, expected: String(expected), actual: String(actual) };
    return { portError: { name: error.name, fields } };
  }
  if (!(error instanceof PortError)) return undefined;
  if (!definition.errors.some((known) => known.name === error.name)) return undefined;
  return { portError: { name: error.name, fields: error.fields } };
};

const expectedOf = (text: string | undefined): ExpectedVersion =>
  text === 'any' || text === 'no_stream' || text === 'stream_exists' ? text : Number(text);

/** The error as it was thrown on the serving side, or undefined for a name this port lacks. */
export const rebuiltError = (
  definition: Pick<PortDefinition<unknown>, 'errors'>,
  { portError }: CarriedPortError,
): Error | undefined => {
  const { name, fields } = portError ?? {};
  if (name === 'ConcurrencyError') {
    return new ConcurrencyError(
      fields.streamId ?? '',
      expectedOf(fields.expected),
      Number(fields.actual),
    );
  }
  return definition.errors.find((known) => known.name === name)?.fromFields(fields);
};
