import type { RoutedLetter } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { repeatEvery } from '@digital-post/service-kit';
import { deliver, type DeliveryDeps } from './delivery.ts';

interface DueRow {
  message_id: string;
  mailbox_id: string;
  forwarding_rule_id: string | null;
  letter: RoutedLetter;
  cause_id: string;
  correlation_id: string | null;
}

const BATCH = 100;

/**
 * Delivers the letters whose delivery time has come, a batch per transaction. `skip locked`: two
 * mailbox processes never take the same letter, and a letter is delivered once in any case (its
 * stream takes one MessageDelivered). Returns how many were delivered.
 */
export const deliverDueLetters = async (db: Database, deps: DeliveryDeps): Promise<number> => {
  let delivered = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const due = await tx.query<DueRow>(
        `select message_id, mailbox_id, forwarding_rule_id, letter, cause_id, correlation_id
           from mailbox.scheduled_deliveries where due_at <= $1
          order by due_at limit $2 for update skip locked`,
        [deps.now().toISOString(), BATCH],
      );
      for (const row of due) {
        const cause = {
          id: row.cause_id,
          metadata: { correlationId: row.correlation_id ?? undefined },
        };
        const delivery = {
          messageId: row.message_id,
          mailboxId: row.mailbox_id,
          forwardingRuleId: row.forwarding_rule_id,
        };
        await deliver(deps, tx, cause, delivery, row.letter);
        await tx.query(
          'delete from mailbox.scheduled_deliveries where message_id = $1 and mailbox_id = $2',
          [row.message_id, row.mailbox_id],
        );
      }
      return due.length;
    });
    delivered += count;
    if (count < BATCH) return delivered;
  }
};

/** Looks for letters that have come due now and every `everyMs`, until stopped. */
export const scheduleDueDeliveries = (
  db: Database,
  deps: DeliveryDeps,
  everyMs: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } => repeatEvery(() => deliverDueLetters(db, deps), everyMs, onError);
