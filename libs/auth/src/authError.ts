export type AuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'wrong-kind'
  | 'wrong-client';

/**
 * A token was refused. The reason is for logs only: clients get one stable problem type, so a
 * prober cannot learn which part of a forged token passed.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly reason: AuthFailureReason,
    message: string = reason,
  ) {
    super(message);
  }
}
