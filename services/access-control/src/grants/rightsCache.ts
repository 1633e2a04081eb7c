import type { HeldRight } from '@digital-post/contracts';
import type { Database, SqlExecutor } from '@digital-post/event-store';

/** The channel every change of rights notifies, from its own transaction (so after its commit). */
const RIGHTS_CHANGED = 'access_rights_changed';
/** A kept answer is asked again after this long even if no notification came (one was lost). */
export const KEPT_MS = 1_000;
const MAX_PEOPLE = 10_000;

/**
 * The rights people hold, kept in memory: the mailbox asks on every request of someone acting
 * for another's mailbox, and a query each time cost a holder's listing half its speed. Any change
 * of rights forgets everything kept: at once after a command of this process commits (before it
 * answers, so the next request already sees it), and on the notification the change's
 * transaction sends for every other process, with a second as the bound should one be lost. A
 * read begun before a change is not kept. An ended grant needs no forgetting: the decision
 * compares its end with the time.
 */
export interface RightsCache {
  of(holderId: string, read: () => Promise<HeldRight[]>): Promise<HeldRight[]>;
  /** After a change committed here. */
  forget(): void;
  /** In the transaction of a change: tells the other processes once it commits. */
  notify(tx: SqlExecutor): Promise<void>;
  close(): Promise<void>;
}

export const createRightsCache = (db: Database, keptMs = KEPT_MS): RightsCache => {
  const kept = new Map<string, { at: number; rights: HeldRight[] }>();
  let generation = 0;
  const forget = () => {
    generation += 1;
    kept.clear();
  };
  const unlistening = db.listen(RIGHTS_CHANGED, forget);
  return {
    of: async (holderId, read) => {
      const found = kept.get(holderId);
      if (found && Date.now() - found.at < keptMs) return found.rights;
      const started = generation;
      const rights = await read();
      if (generation === started) {
        if (kept.size >= MAX_PEOPLE) kept.clear();
        kept.set(holderId, { at: Date.now(), rights });
      }
      return rights;
    },
    forget,
    notify: async (tx) => {
      await tx.query('select pg_notify($1, $2)', [RIGHTS_CHANGED, '']);
    },
    close: async () => {
      await (
        await unlistening
      )();
    },
  };
};
