import {
  CannotCalculateChangesError,
  InvalidTokenError,
  NotFoundError,
} from '@digital-post/contracts';
import { problem, ProblemError, problemTypeUri } from '@digital-post/service-kit';

/**
 * One answer for every "not there": no mailbox, not this person's mailbox, no such letter,
 * folder or file. The same status, type and detail, so nobody can tell them apart.
 */
export const NOT_FOUND_DETAIL = 'Nothing was found here for you.';

const cannotCalculateChanges = {
  type: problemTypeUri('cannot-calculate-changes'),
  title: 'The changes since this state cannot be calculated',
  status: 409,
};

/** The mailbox's errors as problems; anything else goes on to the app's own error handler. */
export const mailboxErrorToProblem = (error: unknown): unknown => {
  if (error instanceof NotFoundError) return problem.notFound(NOT_FOUND_DETAIL);
  if (error instanceof InvalidTokenError) return problem.badRequest(error.message);
  if (error instanceof CannotCalculateChangesError) {
    return new ProblemError(
      cannotCalculateChanges,
      'List the mailbox again and continue from its new state.',
    );
  }
  return error;
};

export const preconditionRequired = (): ProblemError =>
  new ProblemError(
    { type: problemTypeUri('precondition-required'), title: 'If-Match is required', status: 428 },
    "Send the message's ETag in If-Match, so a change made elsewhere meanwhile is not overwritten.",
  );
