// The mailbox port's own failures are part of its published face, so both of its adapters (in
// process and over HTTP) answer them alike.
export {
  CannotCalculateChangesError,
  InvalidTokenError,
  NotFoundError,
} from '@digital-post/contracts';
