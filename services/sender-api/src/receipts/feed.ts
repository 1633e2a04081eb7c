import type { SqlExecutor } from '@digital-post/event-store';
import { z } from 'zod';
import { historyEntrySchema } from '../status/statusQuery.ts';
import type { FeedPosition } from '../feed/cursor.ts';
import { nextCursor, visibleAfter, type PositionedRow } from '../feed/page.ts';

export const receiptSchema = historyEntrySchema.extend({ messageUUID: z.string() });

export const receiptsPageSchema = z
  .object({
    receipts: z.array(receiptSchema),
    next: z.string().describe('Pass as `after` to get what follows; the same when nothing did'),
  })
  .meta({ id: 'ReceiptsPage' });

type ReceiptsPage = z.infer<typeof receiptsPageSchema>;

interface ReceiptRow extends PositionedRow {
  message_id: string;
  status: ReceiptsPage['receipts'][number]['status'];
  at: string;
  details: Record<string, unknown>;
}

/** A sender's status changes in feed order, as far as no later page can gain one before it. */
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
        and ${visibleAfter(2)}
      order by status_entries.transaction_id, status_entries.seq
      limit $4`,
    [senderId, after.transactionId, after.seq, limit],
  );
  return {
    receipts: rows.map((row) => ({
      messageUUID: row.message_id,
      status: row.status,
      at: row.at,
      details: row.details,
    })),
    next: nextCursor(rows, after),
  };
};
