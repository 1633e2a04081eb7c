import type { Database, SqlExecutor } from '@digital-post/event-store';
import { problem } from '@digital-post/service-kit';
import { START_OF_FEED, type FeedPosition } from '../feed/cursor.ts';

interface Acknowledging {
  authorityMailboxId: string;
  systemId: string;
  position: FeedPosition;
}

const isStart = ({ transactionId, seq }: FeedPosition) =>
  transactionId === START_OF_FEED.transactionId && seq === START_OF_FEED.seq;

/** A position the feed shows this authority: the start, or one of its letters already visible. */
const handedOut = async (tx: SqlExecutor, { authorityMailboxId, position }: Acknowledging) =>
  isStart(position) ||
  (
    await tx.query(
      `select 1 from sender_api.incoming
        where authority_mailbox_id = $1 and transaction_id = $2::text::xid8 and seq = $3::bigint
          and transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
      [authorityMailboxId, position.transactionId, position.seq],
    )
  ).length > 0;

/** Moves the system's acknowledgement forward; the same one again changes nothing. */
const moveForward = async (
  tx: SqlExecutor,
  { authorityMailboxId, systemId, position }: Acknowledging,
) =>
  (
    await tx.query(
      `insert into sender_api.incoming_acknowledged
         (authority_mailbox_id, system_id, transaction_id, seq)
       values ($1, $2, $3::text::xid8, $4::bigint)
       on conflict (authority_mailbox_id, system_id) do update
         set transaction_id = excluded.transaction_id, seq = excluded.seq, acknowledged_at = now()
         where (incoming_acknowledged.transaction_id, incoming_acknowledged.seq)
            <= (excluded.transaction_id, excluded.seq)
       returning 1`,
      [authorityMailboxId, systemId, position.transactionId, position.seq],
    )
  ).length > 0;

/**
 * A system confirms it holds every letter up to a cursor: its next fetch without one begins
 * after it. Only a cursor the feed handed out counts, so a made-up one cannot skip letters; and
 * an acknowledgement never moves back, so a late retry of an older one cannot bring letters again.
 */
export const acknowledge = (db: Database, acknowledging: Acknowledging): Promise<void> =>
  db.transaction(async (tx) => {
    if (!(await handedOut(tx, acknowledging))) {
      throw problem.badRequest('The cursor is not one this feed handed out to this authority.');
    }
    if (!(await moveForward(tx, acknowledging))) {
      throw problem.conflict('A later cursor is acknowledged already; this one changes nothing.');
    }
  });
