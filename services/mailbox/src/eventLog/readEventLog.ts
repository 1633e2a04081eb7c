import type { EventLogEntry } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';
import { InvalidTokenError } from '../shared/errors.ts';

interface EntryRow {
  entry: string | number;
  event_type: string;
  message_id: string | null;
  folder_id: string | null;
  actor_id: string | null;
  on_behalf_of: string | null;
  viewing_client: string | null;
  occurred_at: Date | string;
}

const parseCursor = (cursor: string | undefined): number => {
  if (cursor === undefined) return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new InvalidTokenError('cursor');
  return Number(cursor);
};

/** Oldest first, as a log is read; the cursor is the last entry shown. */
export const readEventLog = async (
  db: SqlExecutor,
  mailboxId: string,
  { cursor, limit = 100 }: { cursor?: string; limit?: number },
): Promise<{ entries: EventLogEntry[]; nextCursor: string | null }> => {
  const rows = await db.query<EntryRow>(
    `select entry, event_type, message_id, folder_id, actor_id, on_behalf_of, viewing_client,
            occurred_at
       from mailbox.event_log where mailbox_id = $1 and entry > $2 order by entry limit $3`,
    [mailboxId, parseCursor(cursor), limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      eventType: row.event_type,
      messageId: row.message_id,
      folderId: row.folder_id,
      actorId: row.actor_id,
      onBehalfOf: row.on_behalf_of,
      viewingClient: row.viewing_client,
      occurredAt: new Date(row.occurred_at).toISOString(),
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)!.entry) : null,
  };
};
