import type { SqlExecutor } from '@digital-post/event-store';
import { z } from 'zod';
import { historyEntrySchema } from '../status/statusQuery.ts';
import { encodeCursor, type FeedPosition } from './cursor.ts';

export const receiptSchema = historyEntrySchema.extend({ messageUUID: z.string() });

export const receiptsPageSchema = z
  .object({
    receipts: z.array(receiptSchema),
    next: z.string().describe('Pass as `after` to get what follows; the same when nothing did'),
  })
  .meta({ id: 'ReceiptsPage' });

type ReceiptsPage = z.infer<typeof receiptsPageSchema>;

interface ReceiptRow {
  transaction_id: string;
  seq: string;
  message_id: string;
  status: ReceiptsPage['receipts'][number]['status'];
  at: string;
  details: Record<string, unknown>;
}

/**
 * A sender's status changes in feed order. Only entries of transactions older than every one
 * still running are shown: a later page can then never gain an entry before its cursor.
 */
export const receiptsAfter = async (
  db: SqlExecutor,
  senderId: string,
  after: FeedPosition,
  limit: number,
): Promise<ReceiptsPage> => {
  // Ordered by the table's columns: the bare names would order by the output's text.
  const rows = await db.query<ReceiptRow>(
    `select transaction_id::text, seq::text, message_id, status, at, details
       from sender_api.status_entries
      where sender_id = $1
        and (transaction_id, seq) > ($2::text::xid8, $3::bigint)
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      order by status_entries.transaction_id, status_entries.seq
      limit $4`,
    [senderId, after.transactionId, after.seq, limit],
  );
  const last = rows[rows.length - 1];
  return {
    receipts: rows.map((row) => ({
      messageUUID: row.message_id,
      status: row.status,
      at: row.at,
      details: row.details,
    })),
    next: encodeCursor(last ? { transactionId: last.transaction_id, seq: last.seq } : after),
  };
};
