import { boundText, escapeHtml, reportPage, table } from '../incidents/report/reportHtml.ts';
import type { RemediationResult } from './applyRemediation.ts';
import type { RemediationPlan } from './remediationPlan.ts';

const summaryOf = (plan: RemediationPlan, result?: RemediationResult): string[] => {
  const { withdrawals, redirects } = plan.pending;
  const lines = [
    `Case ${plan.caseReference}; window ${boundText(plan.window.from)} to ${boundText(plan.window.to)}; trusted release ${plan.trustedRelease ?? '—'}.`,
    `${plan.letters.length} misrouted letters; still to do: ${withdrawals} withdrawals, ${redirects} deliveries.`,
  ];
  if (!result) return [...lines, 'Dry run: nothing was changed.'];
  const w = result.withdrawn;
  const r = result.redirected;
  return [
    ...lines,
    `Carried out: ${w.withdrawn} withdrawn (${w.already} already), ${r.redirected} delivered again (${r.unchanged} already, ${r.held} left held for an operator, ${r.unknown} unknown).`,
  ];
};

/**
 * A routing remediation as one page for people: the plan (each letter: withdraw from, deliver
 * to, what the log shows done already) and, once carried out, what each letter came to.
 */
export const remediationHtml = (
  plan: RemediationPlan,
  result?: RemediationResult,
  generatedAt = new Date(),
): string => {
  const outcomes = new Map(result?.letters.map((letter) => [letter.messageId, letter]));
  const rows = plan.letters.map((letter) => {
    const outcome = outcomes.get(letter.messageId);
    const deliverTo = letter.deliverTo
      ? `${letter.deliverTo.channel} → ${letter.deliverTo.mailboxId ?? 'paper'}`
      : 'held for an operator';
    return [
      letter.messageId,
      letter.senderId,
      letter.addressee,
      letter.decidedAt,
      letter.withdrawFrom,
      deliverTo,
      [letter.done.withdrawn && 'withdrawn', letter.done.redirected && 'delivered again']
        .filter(Boolean)
        .join(', ') || null,
      outcome?.withdrawal?.outcome ?? null,
      outcome?.redirect?.outcome ?? null,
    ];
  });
  const headings = ['message', 'sender', 'addressee', 'decided', 'withdraw from', 'deliver to'];
  const body = `${summaryOf(plan, result)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}
<h2>Letters</h2>${table([...headings, 'done before', 'withdrawal', 'delivery'], rows)}`;
  return reportPage('Routing remediation', body, generatedAt);
};
