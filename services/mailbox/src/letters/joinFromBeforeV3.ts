import type { Database } from '@digital-post/event-store';
import { deliver, type DeliveryDeps } from './delivery.ts';
import { acceptanceOf, letterOf } from './routedLetter.ts';

interface PendingRow {
  message_id: string;
  mailbox_id: string;
  forwarding_rule_id: string | null;
}

const tableExists = async (db: Database, name: string): Promise<boolean> =>
  (await db.query<{ found: string | null }>('select to_regclass($1)::text as found', [name]))[0]
    ?.found != null;

/**
 * Before routing's decision carried what delivery needs (MessageRouted v3), the mailbox joined
 * decisions with acceptances itself, and a decision that came before its letter waited in
 * `mailbox.pending_deliveries`. Those decisions were consumed and will not come again: this
 * delivers each from its acceptance in the store, then drops the join's two tables, in one
 * transaction, so a crash leaves them to be delivered at the next start.
 */
export const deliverJoinedFromBeforeV3 = async (
  db: Database,
  deps: DeliveryDeps,
): Promise<number> => {
  if (!(await tableExists(db, 'mailbox.pending_deliveries'))) return 0;
  return db.transaction(async (tx) => {
    const pending = await tx.query<PendingRow>(
      'select message_id, mailbox_id, forwarding_rule_id from mailbox.pending_deliveries',
    );
    for (const row of pending) {
      const acceptance = await acceptanceOf(deps.store, tx, row.message_id);
      const delivery = {
        messageId: row.message_id,
        mailboxId: row.mailbox_id,
        forwardingRuleId: row.forwarding_rule_id,
      };
      await deliver(deps, tx, acceptance, delivery, letterOf(acceptance));
    }
    await tx.query('drop table mailbox.pending_deliveries');
    await tx.query('drop table if exists mailbox.accepted_letters');
    return pending.length;
  });
};
