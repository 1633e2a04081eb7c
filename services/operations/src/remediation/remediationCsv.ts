import { csvRecord } from '@digital-post/service-kit';
import type { RemediationResult } from './applyRemediation.ts';
import type { RemediationPlan } from './remediationPlan.ts';

const columns = [
  'message_id',
  'sender_id',
  'addressee',
  'decided_at',
  'withdraw_from',
  'deliver_channel',
  'deliver_mailbox',
  'withdrawn_before',
  'redirected_before',
  'withdrawal',
  'redirect',
];

/** A plan, and what carrying it out came to when it was, one letter a line. */
export const remediationCsv = (plan: RemediationPlan, result?: RemediationResult): string => {
  const outcomes = new Map(result?.letters.map((letter) => [letter.messageId, letter]));
  const lines = plan.letters.map((letter) => {
    const outcome = outcomes.get(letter.messageId);
    return csvRecord([
      letter.messageId,
      letter.senderId,
      letter.addressee,
      letter.decidedAt,
      letter.withdrawFrom,
      letter.deliverTo?.channel ?? null,
      letter.deliverTo?.mailboxId ?? null,
      letter.done.withdrawn,
      letter.done.redirected,
      outcome?.withdrawal?.outcome ?? null,
      outcome?.redirect?.outcome ?? null,
    ]);
  });
  return [csvRecord(columns), ...lines].join('');
};
