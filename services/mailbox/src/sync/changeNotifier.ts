import type { StateListener } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { MAILBOX_CHANGED_CHANNEL } from './letterProjection.ts';

export interface ChangeNotifier {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Calls `listener` with each new state of the mailbox after `knownState`; returns a stop. */
  watch(mailboxId: string, knownState: string, listener: StateListener): () => void;
  /**
   * Resolves once a check begun after this call has ended: true when it read the counters (every
   * watcher it found behind has been told), false when it could not.
   */
  checked(): Promise<boolean>;
}

/**
 * Tells watchers (the gateway's server-sent events, the listing's page cache) when a mailbox's
 * state moved on. Woken by the notification each projecting transaction sends on commit, from
 * any process on the same database; a poll catches what a dropped listening connection missed.
 */
export const createChangeNotifier = (db: Database, pollMs = 1_000): ChangeNotifier => {
  const watchers = new Map<string, Map<StateListener, string>>();
  let stopListening: (() => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const check = async (): Promise<void> => {
    const mailboxIds = [...watchers.keys()];
    if (mailboxIds.length === 0) return;
    const rows = await db.query<{ mailbox_id: string; last_change: string | number }>(
      'select mailbox_id, last_change from mailbox.change_counters where mailbox_id = any($1)',
      [mailboxIds],
    );
    for (const row of rows) {
      const state = String(row.last_change);
      for (const [listener, known] of watchers.get(row.mailbox_id) ?? []) {
        if (known === state) continue;
        watchers.get(row.mailbox_id)?.set(listener, state);
        listener(state);
      }
    }
  };
  const checks = oneAtATime(check);
  const schedule = checks.schedule;

  return {
    start: async () => {
      stopListening = await db.listen(MAILBOX_CHANGED_CHANNEL, schedule);
      timer = setInterval(schedule, pollMs);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      await stopListening?.();
      await checks.settled();
    },
    watch: (mailboxId, knownState, listener) => {
      const listeners = watchers.get(mailboxId) ?? new Map<StateListener, string>();
      watchers.set(mailboxId, listeners.set(listener, knownState));
      schedule();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) watchers.delete(mailboxId);
      };
    },
    checked: checks.next,
  };
};

/**
 * Runs `check` one at a time; a call during a check runs one more after it. `next` resolves
 * once a check begun after it has ended: true if it succeeded.
 */
const oneAtATime = (check: () => Promise<void>) => {
  let checking: Promise<void> | undefined;
  let checkAgain = false;
  const waiting: Array<(read: boolean) => void> = [];
  const schedule = (): void => {
    if (checking) return void (checkAgain = true);
    const waiters = waiting.splice(0);
    checking = check()
      .then(
        () => waiters.forEach((resolve) => resolve(true)),
        () => waiters.forEach((resolve) => resolve(false)),
      )
      .finally(() => {
        checking = undefined;
        if (checkAgain) {
          checkAgain = false;
          schedule();
        }
      });
  };
  return {
    schedule,
    next: () =>
      new Promise<boolean>((resolve) => {
        waiting.push(resolve);
        schedule();
      }),
    settled: async () => {
      await checking;
      waiting.splice(0).forEach((resolve) => resolve(false));
    },
  };
};
