import {
  parseMailboxId,
  REDECISION_BATCH,
  WITHDRAWAL_BATCH,
  type RedecisionPort,
  type RedirectOutcome,
  type WithdrawalOutcome,
  type WithdrawalPort,
} from '@digital-post/contracts';
import { countOutcomes } from '@digital-post/service-kit';
import type { PlannedLetter, RemediationPlan } from './remediationPlan.ts';

export interface RemediationPorts {
  withdrawal: WithdrawalPort;
  redecision: Pick<RedecisionPort, 'redirect'>;
}

export interface RemediationResult {
  caseReference: string;
  withdrawn: Record<WithdrawalOutcome['outcome'], number>;
  redirected: Record<RedirectOutcome['outcome'], number>;
  letters: { messageId: string; withdrawal?: WithdrawalOutcome; redirect?: RedirectOutcome }[];
}

/** A remediation's answer: the plan, and what carrying it out came to when it was. */
export interface Remediation {
  plan: RemediationPlan;
  result?: RemediationResult;
}

const inBatches = async <T, R>(
  items: readonly T[],
  size: number,
  work: (batch: T[]) => Promise<R[]>,
): Promise<R[]> => {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await work(items.slice(start, start + size))));
  }
  return results;
};

const redirectOf = (letter: PlannedLetter, caseReference: string, operatorId: string) => ({
  messageId: letter.messageId,
  addressee: parseMailboxId(letter.addressee)!,
  at: letter.decidedAt,
  before: letter.position,
  caseReference,
  operatorId,
});

/**
 * Carries out a plan: first every withdrawal (the wrong recipients lose the letters before
 * anything else happens), then every letter routed again where it belonged. Both ports change
 * nothing the second time, so a plan carried out twice, or again after a crash half way, ends
 * the same. Letters the trusted release would hold are withdrawn and left for an operator.
 */
export const applyRemediation = async (
  ports: RemediationPorts,
  plan: RemediationPlan,
  operatorId: string,
): Promise<RemediationResult> => {
  const { caseReference, letters } = plan;
  const toWithdraw = letters.filter((letter) => letter.withdrawFrom !== null);
  const withdrawals = await inBatches(toWithdraw, WITHDRAWAL_BATCH, (batch) =>
    ports.withdrawal.withdraw(
      batch.map((letter) => ({
        messageId: letter.messageId,
        mailboxId: letter.withdrawFrom!,
        caseReference,
        operatorId,
      })),
    ),
  );
  const toRedirect = letters.filter((letter) => letter.deliverTo !== null);
  const redirects = await inBatches(toRedirect, REDECISION_BATCH, (batch) =>
    ports.redecision.redirect(batch.map((letter) => redirectOf(letter, caseReference, operatorId))),
  );
  const byLetter = new Map<string, RemediationResult['letters'][number]>(
    letters.map((letter) => [letter.messageId, { messageId: letter.messageId }]),
  );
  for (const withdrawal of withdrawals) byLetter.get(withdrawal.messageId)!.withdrawal = withdrawal;
  for (const redirect of redirects) byLetter.get(redirect.messageId)!.redirect = redirect;
  return {
    caseReference,
    withdrawn: countOutcomes(['withdrawn', 'already'], withdrawals),
    redirected: countOutcomes(['redirected', 'unchanged', 'held', 'unknown'], redirects),
    letters: [...byLetter.values()],
  };
};
