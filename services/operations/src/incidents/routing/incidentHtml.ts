import { incidentChart } from './incidentChart.ts';
import type { MisroutedLetter, RoutingIncident } from './reconstructRouting.ts';

/** Text as HTML shows it: nothing in the log is ever markup here. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Cell = string | number | boolean | null;

const table = (headings: string[], rows: Cell[][]): string => {
  const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell ?? '—'))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
};

const boundText = (bound: RoutingIncident['window']['from']): string => {
  if (!bound) return 'open';
  return 'position' in bound ? `position ${bound.position}` : new Date(bound.at).toISOString();
};

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

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}`;

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
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Routing incident</title><style>${STYLE}</style></head><body>
<h1>Routing incident</h1><p>Generated ${escapeHtml(generatedAt.toISOString())} from the event log.</p>
${summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}
<h2>Misrouted letters over time, by sender</h2>${incidentChart(misrouted, escapeHtml)}
<h2>By sender</h2>${table(
    ['sender', 'letters', 'in a wrong mailbox', 'opened there'],
    incident.bySender.map((s) => [s.senderId, s.letters, s.misdelivered, s.opened]),
  )}
<h2>By wrong recipient</h2>${table(
    ['mailbox', 'letters', 'opened'],
    incident.byWrongRecipient.map((r) => [r.mailboxId, r.letters, r.opened]),
  )}
<h2>Letters</h2>${table(['message', 'sender', 'addressee', 'decided', 'release', 'recorded', 'trusted', 'wrong recipient', 'opened', 'notified'], misrouted.map(letterRow))}
</body></html>
`;
};
