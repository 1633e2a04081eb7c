import type { ForwardingRuleAdded, ForwardingRuleRemoved } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';
import type { RuleFact } from '../invariant/deliveryInvariant.ts';

/**
 * The read model `routing.forwarding_rules`: every version of every rule with the interval it
 * was in force, so "which rule did this mailbox have active at that moment" has an answer for
 * any moment, not only now, which is what a replay of an incident window needs.
 */

export const projectRuleAdded = async (
  tx: SqlExecutor,
  rule: ForwardingRuleAdded,
): Promise<void> => {
  // A new version replaces the one in force: it ends when the new one starts.
  await tx.query(
    `update routing.forwarding_rules set valid_to = $3
      where rule_id = $1 and rule_version < $2 and valid_to is null`,
    [rule.ruleId, rule.ruleVersion, rule.addedAt],
  );
  await tx.query(
    `insert into routing.forwarding_rules
       (rule_id, rule_version, mailbox_id, target_mailbox_id, valid_from)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [rule.ruleId, rule.ruleVersion, rule.mailboxId, rule.targetMailboxId, rule.addedAt],
  );
};

export const projectRuleRemoved = async (
  tx: SqlExecutor,
  rule: ForwardingRuleRemoved,
): Promise<void> => {
  await tx.query(
    `update routing.forwarding_rules set valid_to = $3
      where rule_id = $1 and rule_version = $2 and valid_to is null`,
    [rule.ruleId, rule.ruleVersion, rule.removedAt],
  );
};

interface RuleRow {
  rule_id: string;
  rule_version: number;
  mailbox_id: string;
  target_mailbox_id: string;
  valid_from: Date | string;
  valid_to: Date | string | null;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

const toFact = (row: RuleRow): RuleFact => ({
  ruleId: row.rule_id,
  ruleVersion: Number(row.rule_version),
  mailboxId: row.mailbox_id,
  targetMailboxId: row.target_mailbox_id,
  validFrom: iso(row.valid_from),
  validTo: row.valid_to === null ? null : iso(row.valid_to),
});

const columns = 'rule_id, rule_version, mailbox_id, target_mailbox_id, valid_from, valid_to';

/** A mailbox's rules, every version, newest first: what an operator reviews. */
export const rulesOfMailbox = async (db: SqlExecutor, mailboxId: string): Promise<RuleFact[]> => {
  const rows = await db.query<RuleRow>(
    `select ${columns} from routing.forwarding_rules where mailbox_id = $1
      order by valid_from desc, rule_version desc`,
    [mailboxId],
  );
  return rows.map(toFact);
};
