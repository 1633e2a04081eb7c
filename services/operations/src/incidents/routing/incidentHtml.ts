import { lettersChart } from '../report/lettersChart.ts';
import { boundText, escapeHtml, reportPage, table, type Cell } from '../report/reportHtml.ts';
import type { MisroutedLetter, RoutingIncident } from './reconstructRouting.ts';

const decisionText = (decision: MisroutedLetter['trusted']) =>
  decision.outcome === 'held'
    ? `held (${decision.heldFor})`
    : `${decision.channel} → ${decision.mailboxId ?? 'paper'}${decision.ruleId ? ` by rule ${decision.ruleId} v${decision.ruleVersion}` : ''}`;

const letterRow = (letter: MisroutedLetter): Cell[] => [
  letter.messageId,
  letter.senderId,
  letter.addressee,
  letter.recorded.decidedAt,
  letter.recorded.release,
  decisionText(letter.recorded),
  decisionText(letter.trusted),
  letter.wrongRecipient,
  letter.opened
    .map((open) => `${open.openedAt} by ${open.actorId} (${open.viewingClient})`)
    .join('; '),
  letter.notified.map((notice) => `${notice.sentAt} by ${notice.channel}`).join('; '),
];

/**
 * The reconstruction as one HTML file for people: what was found, the counts by sender and by
 * wrong recipient, a chart of the letters over time by sender, and every letter. Self-contained
 * (style and chart inline), every value from the log escaped.
 */
export const incidentHtml = (incident: RoutingIncident, generatedAt = new Date()): string => {
  const { misrouted } = incident;
  const opened = misrouted.filter((letter) => letter.opened.length > 0).length;
  const summary = [
    `Window: ${boundText(incident.window.from)} to ${boundText(incident.window.to)}.`,
    `${incident.decisions} routing decisions decided again by release ${incident.trustedRelease ?? '—'}.`,
    `${misrouted.length} decided otherwise; ${misrouted.filter((l) => l.wrongRecipient).length} reached a wrong mailbox; ${opened} of those were opened there.`,
  ];
  const charted = misrouted.map((letter) => ({
    senderId: letter.senderId,
    at: letter.recorded.decidedAt,
  }));
  const body = `${summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}
<h2>Misrouted letters over time, by sender</h2>${lettersChart(charted, 'Misrouted letters over time by sender')}
<h2>By sender</h2>${table(
    ['sender', 'letters', 'in a wrong mailbox', 'opened there'],
    incident.bySender.map((s) => [s.senderId, s.letters, s.misdelivered, s.opened]),
  )}
<h2>By wrong recipient</h2>${table(
    ['mailbox', 'letters', 'opened'],
    incident.byWrongRecipient.map((r) => [r.mailboxId, r.letters, r.opened]),
  )}
<h2>Letters</h2>${table(['message', 'sender', 'addressee', 'decided', 'release', 'recorded', 'trusted', 'wrong recipient', 'opened', 'notified'], misrouted.map(letterRow))}`;
  return reportPage('Routing incident', body, generatedAt);
};
