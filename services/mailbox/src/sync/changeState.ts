import type { SqlExecutor } from '@digital-post/event-store';
import { CannotCalculateChangesError, InvalidTokenError } from '../shared/errors.ts';

/** A state token is the mailbox's change counter: opaque to clients, a number to us. */
export const parseState = (state: string): number => {
  if (!/^\d{1,15}$/.test(state)) throw new InvalidTokenError('state');
  return Number(state);
};

interface Counter {
  last_change: string | number;
  oldest_state: string | number;
}

const counterOf = async (db: SqlExecutor, mailboxId: string) => {
  const rows = await db.query<Counter>(
    'select last_change, oldest_state from mailbox.change_counters where mailbox_id = $1',
    [mailboxId],
  );
  const row = rows[0];
  return { last: Number(row?.last_change ?? 0), oldest: Number(row?.oldest_state ?? 0) };
};

export const currentState = async (db: SqlExecutor, mailboxId: string): Promise<string> =>
  String((await counterOf(db, mailboxId)).last);

/** The change counter at `since`, checked to be one the feed can still answer from. */
export const answerableSince = async (
  db: SqlExecutor,
  mailboxId: string,
  since: string,
): Promise<{ since: number; last: number }> => {
  const sinceChange = parseState(since);
  const { last, oldest } = await counterOf(db, mailboxId);
  if (sinceChange > last || sinceChange < oldest) throw new CannotCalculateChangesError(since);
  return { since: sinceChange, last };
};

/**
 * Forgets permanently deleted letters up to a change, to keep the table small; states older
 * than that can then no longer be answered and clients list the mailbox afresh.
 */
export const forgetDestroyedLetters = async (
  db: SqlExecutor,
  mailboxId: string,
  upToChange: number,
): Promise<void> => {
  await db.query('delete from mailbox.letters where mailbox_id = $1 and destroyed_change <= $2', [
    mailboxId,
    upToChange,
  ]);
  await db.query(
    'update mailbox.change_counters set oldest_state = greatest(oldest_state, $2) where mailbox_id = $1',
    [mailboxId, upToChange],
  );
};
