import { lettersChart } from '../report/lettersChart.ts';
import { boundText, escapeHtml, reportPage, table, type Cell } from '../report/reportHtml.ts';
import type { EnrollmentIncident, WrongChange } from './reconstructEnrollment.ts';

const changeRow = ({ recorded, trusted, period, letters }: WrongChange): Cell[] => [
  recorded.mailboxId,
  recorded.change,
  recorded.cause,
  recorded.ruleVersion,
  recorded.trigger,
  recorded.at,
  `${trusted.should} (${trusted.why})`,
  period.until?.at ?? 'still',
  letters.length,
];

const summaryOf = (incident: EnrollmentIncident): string[] => {
  const count = (change: string) => incident.wrong.filter((w) => w.recorded.change === change);
  const letters = (change: string) =>
    count(change).reduce((sum, wrong) => sum + wrong.letters.length, 0);
  return [
    `Window: ${boundText(incident.window.from)} to ${boundText(incident.window.to)}.`,
    `${incident.changes} enrollment changes decided again by the rules ${incident.trustedRuleVersion ?? '—'}.`,
    `${count('enrolled').length} enrolled wrongly (${letters('enrolled')} letters delivered to them while so); ${count('unenrolled').length} unenrolled wrongly (${letters('unenrolled')} letters sent on paper).`,
    `${incident.welcomeLetters.length} welcome letters printed that should not have been.`,
  ];
};

/**
 * The reconstruction as one HTML file for people: what was found, the affected letters over time
 * by sender, the counts by cause and by authority, every wrong change and every welcome letter
 * printed wrongly. Self-contained, every value from the log escaped.
 */
export const enrollmentIncidentHtml = (
  incident: EnrollmentIncident,
  generatedAt = new Date(),
): string => {
  const charted = incident.wrong.flatMap((wrong) =>
    wrong.letters.map((letter) => ({ senderId: letter.senderId, at: letter.decidedAt })),
  );
  const body = `${summaryOf(incident)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}
<h2>Affected letters over time, by sender</h2>${lettersChart(charted, 'Affected letters over time by sender')}
<h2>By cause</h2>${table(
    ['change', 'cause', 'rule version', 'trigger', 'people and companies'],
    incident.byCause.map((c) => [c.change, c.cause, c.ruleVersion, c.trigger, c.subjects]),
  )}
<h2>By authority</h2>${table(
    ['sender', 'delivered to the wrongly enrolled', 'on paper for the wrongly unenrolled'],
    incident.byAuthority.map((a) => [
      a.senderId,
      a.toWronglyEnrolled.length,
      a.onPaperForWronglyUnenrolled.length,
    ]),
  )}
<h2>Changes</h2>${table(
    [
      'mailbox',
      'change',
      'cause',
      'rule version',
      'trigger',
      'at',
      'rules in force',
      'until',
      'letters',
    ],
    incident.wrong.map(changeRow),
  )}
<h2>Welcome letters printed wrongly</h2>${table(
    ['mailbox', 'enrollment event', 'printed'],
    incident.welcomeLetters.map((w) => [w.mailboxId, w.enrollmentEventId, w.printedAt]),
  )}`;
  return reportPage('Enrollment incident', body, generatedAt);
};
