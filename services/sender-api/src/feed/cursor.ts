import { problem } from '@digital-post/service-kit';

/** A place in a feed (receipts, incoming letters): the writing transaction, then the row's sequence number. */
export interface FeedPosition {
  transactionId: string;
  seq: string;
}

export const START_OF_FEED: FeedPosition = { transactionId: '0', seq: '0' };

/** Opaque to senders (base64url), so the feed's ordering can change without breaking them. */
export const encodeCursor = ({ transactionId, seq }: FeedPosition): string =>
  Buffer.from(`v1:${transactionId}:${seq}`).toString('base64url');

// A transaction id is an unsigned 64-bit number (xid8), a sequence number a signed one (bigint):
// a larger number would be refused by the database, not by us.
const MAX_TRANSACTION_ID = 2n ** 64n - 1n;
const MAX_SEQ = 2n ** 63n - 1n;
const fits = (transactionId: string, seq: string): boolean =>
  BigInt(transactionId) <= MAX_TRANSACTION_ID && BigInt(seq) <= MAX_SEQ;

export const decodeCursor = (cursor: string | undefined): FeedPosition => {
  if (cursor === undefined) return START_OF_FEED;
  const match = /^v1:(\d{1,20}):(\d{1,20})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match || !/^[A-Za-z0-9_-]+$/.test(cursor) || !fits(match[1]!, match[2]!)) {
    throw problem.badRequest('The cursor is not one this feed handed out.');
  }
  return { transactionId: match[1]!, seq: match[2]! };
};
