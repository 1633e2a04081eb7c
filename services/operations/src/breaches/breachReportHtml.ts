import { escapeHtml } from '../incidents/report/reportHtml.ts';
import type { BreachReport } from './breachReport.ts';

const list = (items: readonly string[]) =>
  `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;

const row = (label: string, value: string | number | null) =>
  `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(String(value ?? '—'))}</td></tr>`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:60rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}`;

const NUMBER_LABELS: Record<string, string> = {
  letters: 'Letters',
  addressees: 'Addressees',
  wrongRecipients: 'Wrong recipients',
  opened: 'Opened by a wrong recipient',
  people: 'People and companies whose enrollment changed wrongly',
  wronglyEnrolled: 'Enrolled wrongly',
  wronglyUnenrolled: 'Unenrolled wrongly',
  deliveredWhileWrong: 'Letters delivered to the wrongly enrolled',
  onPaperWhileWrong: 'Letters sent on paper to the wrongly unenrolled',
  welcomeLetters: 'Welcome letters printed wrongly',
};

/** The drafted report as one page for the operator to check before filing; every value escaped. */
export const breachReportHtml = (report: BreachReport): string => {
  const { numbers, deadline } = report;
  const stage = report.stage === 'preliminary' ? 'Preliminary report' : 'Follow-up report';
  const authorities = report.authoritiesToInform.map(
    (authority) => `${authority.senderId}: ${authority.messageIds.join(', ')}`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${stage}</title><style>${STYLE}</style></head><body>
<h1>${stage} (draft)</h1>
<table>${[
    row('Breach', report.breachId),
    row('Case', report.caseReference),
    row('Due', deadline.due),
    row('Overdue', deadline.overdue ? 'yes' : 'no'),
    row('Began', report.began),
    row('Ended', report.ended),
    row('Found', report.foundAt),
  ].join('')}</table>
<h2>What happened</h2><p>${escapeHtml(report.whatHappened)}</p>
<h2>Numbers affected</h2><table>${Object.entries(numbers)
    .map(([key, value]) => row(NUMBER_LABELS[key] ?? key, value))
    .join('')}</table>
<h2>Categories of data</h2>${list(report.dataCategories)}
<h2>Categories of persons</h2>${list(report.personCategories)}
<h2>Likely consequences</h2><p>${escapeHtml(report.likelyConsequences)}</p>
<h2>Measures taken</h2>${list(report.measuresTaken)}
<h2>Authorities to inform, with their letters</h2>${list(authorities)}
<h2>Persons to notify</h2>${list(report.personsToNotify)}
</body></html>
`;
};
