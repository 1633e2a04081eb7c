import type { ContentStore } from '@digital-post/content-store';
import type { SqlExecutor } from '@digital-post/event-store';
import { z } from 'zod';
import { START_OF_FEED, type FeedPosition } from '../feed/cursor.ts';
import { nextCursor, visibleAfter, type PositionedRow } from '../feed/page.ts';
import { incomingLetterSchema, lettersOf, type IncomingRow } from './letters.ts';

export const incomingPageSchema = z
  .object({
    letters: z.array(incomingLetterSchema),
    next: z
      .string()
      .describe('Acknowledge it once the letters are safe; pass it as `after` for what follows'),
  })
  .meta({ id: 'IncomingPage' });

type IncomingPage = z.infer<typeof incomingPageSchema>;

type FeedRow = IncomingRow & PositionedRow;

/**
 * An authority's incoming letters in feed order, as far as no later page can gain one before it:
 * a system that follows the cursors misses none.
 */
export const incomingAfter = async (
  db: SqlExecutor,
  content: Pick<ContentStore, 'getLetters'>,
  authorityMailboxId: string,
  after: FeedPosition,
  limit: number,
): Promise<IncomingPage> => {
  const rows = await db.query<FeedRow>(
    `select transaction_id::text, seq::text, message_id, sender_id, thread_id, delivered_at
       from sender_api.incoming
      where authority_mailbox_id = $1
        and ${visibleAfter(2)}
      order by incoming.transaction_id, incoming.seq
      limit $4`,
    [authorityMailboxId, after.transactionId, after.seq, limit],
  );
  return {
    letters: await lettersOf(content, rows),
    next: nextCursor(rows, after),
  };
};

/** Where a system's fetching resumes when it names no cursor: after what it acknowledged. */
export const acknowledgedBy = async (
  db: SqlExecutor,
  authorityMailboxId: string,
  systemId: string,
): Promise<FeedPosition> => {
  const [row] = await db.query<{ transaction_id: string; seq: string }>(
    `select transaction_id::text, seq::text from sender_api.incoming_acknowledged
      where authority_mailbox_id = $1 and system_id = $2`,
    [authorityMailboxId, systemId],
  );
  return row ? { transactionId: row.transaction_id, seq: row.seq } : START_OF_FEED;
};
