import type { Database, SqlExecutor } from '@digital-post/event-store';
import { deliver, type DeliveryDeps } from './delivery.ts';
import { acceptanceOf, letterOf } from './routedLetter.ts';

interface PendingRow {
  message_id: string;
  mailbox_id: string;
  forwarding_rule_id: string | null;
}

const tableExists = async (db: SqlExecutor, name: string): Promise<boolean> =>
  (await db.query<{ found: string | null }>('select to_regclass($1)::text as found', [name]))[0]
    ?.found != null;

/** Whether the connection's role owns the table (and so may drop it). */
const ownsTable = async (tx: SqlExecutor, name: string): Promise<boolean> =>
  (
    await tx.query<{ owns: boolean }>(
      `select pg_has_role(current_user, relowner, 'USAGE') as owns
         from pg_class where oid = to_regclass($1)`,
      [name],
    )
  )[0]?.owns === true;

const dropJoinTables = async (tx: SqlExecutor): Promise<void> => {
  await tx.query('drop table mailbox.pending_deliveries');
  await tx.query('drop table if exists mailbox.accepted_letters');
};

/**
 * The owner's part of the upgrade (`pnpm db:setup`): drops the join's tables once nothing waits
 * in them; while something does, the mailbox delivers it at its next start, and the next setup
 * drops them.
 */
export const retireJoinTables = async (db: Database): Promise<void> =>
  db.transaction(async (tx) => {
    if (!(await tableExists(tx, 'mailbox.pending_deliveries'))) return;
    const [waiting] = await tx.query('select 1 from mailbox.pending_deliveries limit 1');
    if (!waiting) await dropJoinTables(tx);
  });

/**
 * Before routing's decision carried what delivery needs (MessageRouted v3), the mailbox joined
 * decisions with acceptances itself, and a decision that came before its letter waited in
 * `mailbox.pending_deliveries`. Those decisions were consumed and will not come again: this
 * delivers each from its acceptance in the store and empties the join, in one transaction, so a
 * crash leaves them to be delivered at the next start; then drops its tables where it may.
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
    await tx.query('delete from mailbox.pending_deliveries');
    // A mailbox connecting as its own role may not drop what the owner made: the owner's setup
    // drops the emptied tables (`retireJoinTables`).
    if (await ownsTable(tx, 'mailbox.pending_deliveries')) await dropJoinTables(tx);
    return pending.length;
  });
};
