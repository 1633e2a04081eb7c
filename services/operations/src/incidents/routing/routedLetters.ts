import { messageStreamOf, writtenLetterStreamOf, type Recipient } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import type { LogWindow } from '../../replay/logWindow.ts';
import { inPages, replayLog, type ReplayOptions } from '../../replay/replayLog.ts';
import { recordedDecisionOf, type RecordedDecision } from './decisions.ts';

/** A recorded decision with the letter it decided: who sent it, to whom. */
export interface RoutedLetter {
  decision: RecordedDecision;
  senderId: string;
  addressee: Recipient;
}

/**
 * The routing decisions recorded in a window, a page at a time, each with its letter's sender
 * and addressee from the letter's acceptance (an authority's letter or one written from a
 * mailbox). A decision whose acceptance the log does not hold is not one routing made.
 */
export async function* routedLetters(
  db: Database,
  window: Pick<LogWindow, 'from' | 'to'>,
  { pageSize = 1_000, onProgress }: ReplayOptions = {},
): AsyncGenerator<RoutedLetter[]> {
  const decisions = replayLog(
    db,
    { ...window, categories: ['routing'], types: ['MessageRouted', 'MessageHeld'] },
    { pageSize, ...(onProgress && { onProgress }) },
  );
  for await (const page of inPages(decisions, pageSize, recordedDecisionOf)) {
    yield await withLetters(db, page);
  }
}

interface Acceptance {
  senderId: string;
  recipient: Recipient;
}

const withLetters = async (db: Database, page: RecordedDecision[]): Promise<RoutedLetter[]> => {
  const streams = page.flatMap(({ messageId }) => [
    messageStreamOf(messageId),
    writtenLetterStreamOf(messageId),
  ]);
  const rows = await db.query<{ stream_id: string; data: Acceptance }>(
    `select stream_id, data from events
      where stream_id = any($1::text[]) and event_type = 'MessageAccepted'`,
    [streams],
  );
  const accepted = new Map(rows.map((row) => [row.stream_id, row.data]));
  return page.flatMap((decision) => {
    const letter =
      accepted.get(messageStreamOf(decision.messageId)) ??
      accepted.get(writtenLetterStreamOf(decision.messageId));
    if (!letter) return [];
    return [{ decision, senderId: letter.senderId, addressee: letter.recipient }];
  });
};
