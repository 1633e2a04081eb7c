import { ConcurrencyError, type Database, type SqlExecutor } from '@digital-post/event-store';
import { DomainRuleError } from '@digital-post/service-kit';

/** What one item of a bulk operator command came to: done, or refused and why. */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; rule: string; detail: string };

const ATTEMPTS = 3;

/**
 * Runs one item of a bulk command (one subject, one held change) in a transaction of its own,
 * so a refusal or a failure rolls back that item alone and the others go on. A rule the
 * decider refuses is an answer, not an error; losing a race with another writer of the same
 * stream is retried on fresh state, and reported if it keeps happening.
 */
export const inOwnTransaction = async <T>(
  db: Database,
  work: (tx: SqlExecutor) => Promise<T>,
): Promise<ItemOutcome<T>> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ok: true, value: await db.transaction(work) };
    } catch (error) {
      if (error instanceof DomainRuleError) {
        return { ok: false, rule: error.rule, detail: error.message };
      }
      if (!(error instanceof ConcurrencyError)) throw error;
      if (attempt === ATTEMPTS) {
        return {
          ok: false,
          rule: 'concurrent-change',
          detail: 'Another change to the same subject kept coming first; try it again.',
        };
      }
    }
  }
};
