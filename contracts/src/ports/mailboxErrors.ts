import { PortError } from './port.ts';

/**
 * No such mailbox, letter, folder or file for this person. A mailbox the person may not act for
 * is reported the same way as one that does not exist, so nobody can learn which mailboxes exist.
 */
export class NotFoundError extends PortError {
  override readonly name = 'NotFoundError';
  constructor(readonly what: 'mailbox' | 'message' | 'folder' | 'file') {
    super(`no such ${what}`);
  }
  get fields() {
    return { what: this.what };
  }
  static fromFields({ what }: Record<string, string>): NotFoundError {
    return new NotFoundError(what as NotFoundError['what']);
  }
}

/** A client-supplied token (a listing cursor or a state) that this service never issued. */
export class InvalidTokenError extends PortError {
  override readonly name = 'InvalidTokenError';
  constructor(readonly token: 'cursor' | 'state') {
    super(`the ${token} is malformed or was not issued by this service`);
  }
  get fields() {
    return { token: this.token };
  }
  static fromFields({ token }: Record<string, string>): InvalidTokenError {
    return new InvalidTokenError(token as InvalidTokenError['token']);
  }
}

/**
 * The change feed cannot say what changed since this state (it is older than the kept history,
 * or newer than any state issued); as JMAP's `cannotCalculateChanges`, the client resyncs fully.
 */
export class CannotCalculateChangesError extends PortError {
  override readonly name = 'CannotCalculateChangesError';
  constructor(readonly sinceState: string) {
    super(`changes since state ${sinceState} cannot be calculated; list the mailbox again`);
  }
  get fields() {
    return { sinceState: this.sinceState };
  }
  static fromFields({ sinceState }: Record<string, string>): CannotCalculateChangesError {
    return new CannotCalculateChangesError(sinceState ?? '');
  }
}
