import type { MailboxChanges } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';
import { answerableSince } from './changeState.ts';

interface ChangedRow {
  message_id: string;
  created_change: string | number;
  updated_change: string | number;
  destroyed_change: string | number | null;
}

export const DEFAULT_MAX_CHANGES = 500;

export const changesSince = async (
  db: SqlExecutor,
  mailboxId: string,
  sinceState: string,
  maxChanges = DEFAULT_MAX_CHANGES,
): Promise<MailboxChanges> => {
  const { since, last } = await answerableSince(db, mailboxId, sinceState);
  const rows = await db.query<ChangedRow>(
    `select message_id, created_change, updated_change, destroyed_change from mailbox.letters
      where mailbox_id = $1 and updated_change > $2 order by updated_change limit $3`,
    [mailboxId, since, maxChanges + 1],
  );
  const hasMoreChanges = rows.length > maxChanges;
  const included = rows.slice(0, maxChanges);
  // Each change touches one letter, so a page can end at any row without splitting a change.
  const newState = hasMoreChanges ? Number(included.at(-1)!.updated_change) : last;
  const changes: MailboxChanges = {
    oldState: sinceState,
    newState: String(newState),
    hasMoreChanges,
    created: [],
    updated: [],
    destroyed: [],
  };
  for (const row of included) {
    const isNew = Number(row.created_change) > since;
    // Created and destroyed within the window: the client never knew it, so it is not mentioned.
    if (row.destroyed_change !== null) {
      if (!isNew) changes.destroyed.push(row.message_id);
    } else (isNew ? changes.created : changes.updated).push(row.message_id);
  }
  return changes;
};
