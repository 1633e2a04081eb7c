/**
 * No such mailbox, letter, folder or file for this person. A mailbox the person may not act for
 * is reported the same way as one that does not exist, so nobody can learn which mailboxes exist.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(readonly what: 'mailbox' | 'message' | 'folder' | 'file') {
    super(`no such ${what}`);
  }
}

/** A client-supplied token (a listing cursor or a state) that this service never issued. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(readonly token: 'cursor' | 'state') {
    super(`the ${token} is malformed or was not issued by this service`);
  }
}

/**
 * The change feed cannot say what changed since this state (it is older than the kept history,
 * or newer than any state issued); as JMAP's `cannotCalculateChanges`, the client resyncs fully.
 */
export class CannotCalculateChangesError extends Error {
  override readonly name = 'CannotCalculateChangesError';
  constructor(readonly sinceState: string) {
    super(`changes since state ${sinceState} cannot be calculated; list the mailbox again`);
  }
}
