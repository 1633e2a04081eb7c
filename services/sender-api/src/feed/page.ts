import { encodeCursor, type FeedPosition } from './cursor.ts';

/** A feed's row as its table records it: the writing transaction, then its sequence number. */
export interface PositionedRow {
  transaction_id: string;
  seq: string;
}

/**
 * A feed page's condition on its table's `transaction_id` and `seq`, the cursor's position in
 * parameters `$n` and `$n+1`: rows after the cursor, and only of transactions older than every
 * one still running, so a later page can never gain a row before its cursor (the bigserial trap
 * the event store guards against the same way).
 */
export const visibleAfter = (n: number): string =>
  `(transaction_id, seq) > ($${n}::text::xid8, $${n + 1}::bigint)
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

/** Where the next page begins: after this page's last row, or where it began when it was empty. */
export const nextCursor = (rows: readonly PositionedRow[], after: FeedPosition): string => {
  const last = rows[rows.length - 1];
  return encodeCursor(last ? { transactionId: last.transaction_id, seq: last.seq } : after);
};
