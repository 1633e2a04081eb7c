import type { MessageHeld } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';

/**
 * The read model `routing.held_messages`: letters kept back for an operator, and why. Written
 * in the same transaction as the MessageHeld event it mirrors, so the list is never behind.
 */
export interface HeldLetter {
  messageId: string;
  reason: string;
  addresseeMailboxId: string;
  senderId: string;
  refusedMailboxId: string | null;
  forwardingRuleId: string | null;
  forwardingRuleVersion: number | null;
  routerRelease: string | null;
  heldAt: string;
}

export const recordHeldLetter = async (
  tx: SqlExecutor,
  held: MessageHeld,
  context: { addresseeMailboxId: string; senderId: string },
): Promise<void> => {
  await tx.query(
    `insert into routing.held_messages
       (message_id, reason, addressee_mailbox_id, sender_id, refused_mailbox_id,
        forwarding_rule_id, forwarding_rule_version, router_release, held_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
    [
      held.messageId,
      held.reason,
      context.addresseeMailboxId,
      context.senderId,
      held.refusedMailboxId,
      held.forwardingRuleId,
      held.forwardingRuleVersion,
      held.routerRelease,
      held.heldAt,
    ],
  );
};

interface HeldRow {
  message_id: string;
  reason: string;
  addressee_mailbox_id: string;
  sender_id: string;
  refused_mailbox_id: string | null;
  forwarding_rule_id: string | null;
  forwarding_rule_version: number | null;
  router_release: string | null;
  held_at: Date | string;
}

export const listHeldLetters = async (
  db: SqlExecutor,
  { reason, limit }: { reason?: string | undefined; limit: number },
): Promise<HeldLetter[]> => {
  const rows = await db.query<HeldRow>(
    `select * from routing.held_messages where ($1::text is null or reason = $1)
      order by held_at desc, message_id limit $2`,
    [reason ?? null, limit],
  );
  return rows.map((row) => ({
    messageId: row.message_id,
    reason: row.reason,
    addresseeMailboxId: row.addressee_mailbox_id,
    senderId: row.sender_id,
    refusedMailboxId: row.refused_mailbox_id,
    forwardingRuleId: row.forwarding_rule_id,
    forwardingRuleVersion:
      row.forwarding_rule_version === null ? null : Number(row.forwarding_rule_version),
    routerRelease: row.router_release,
    heldAt: new Date(row.held_at).toISOString(),
  }));
};
