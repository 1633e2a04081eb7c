import type { EnrollmentIncident } from '../incidents/enrollment/reconstructEnrollment.ts';
import type { BreachState } from './breachDecider.ts';
import type { BreachReport } from './breachReport.ts';
import { reportHeaderOf } from './deadlines.ts';

const DATA_CATEGORIES = [
  'identification numbers (CPR and CVR numbers, in mailbox ids)',
  'whether a person or company receives Digital Post (enrollment), and why',
  'the contents of letters delivered digitally to people who should have had them on paper, which may hold special categories of data',
  'addresses, on the welcome letters printed wrongly',
];

const PERSON_CATEGORIES = [
  'citizens and companies enrolled in Digital Post who should not have been',
  'citizens and companies unenrolled who should not have been, whose post went on paper',
];

const numbersOf = (incident: EnrollmentIncident) => {
  const of = (change: string) => incident.wrong.filter((w) => w.recorded.change === change);
  const letters = (change: string) => of(change).reduce((n, w) => n + w.letters.length, 0);
  return {
    people: new Set(incident.wrong.map((w) => w.recorded.mailboxId)).size,
    wronglyEnrolled: of('enrolled').length,
    wronglyUnenrolled: of('unenrolled').length,
    deliveredWhileWrong: letters('enrolled'),
    onPaperWhileWrong: letters('unenrolled'),
    welcomeLetters: incident.welcomeLetters.length,
  };
};

/**
 * An enrollment breach's report (August 2023): who was enrolled or unenrolled wrongly, by which
 * rule version, the letters that followed while they were so, the welcome letters printed
 * wrongly; each authority with the letters it sent them, and every person to notify.
 */
export const draftEnrollmentReport = (
  state: BreachState,
  incident: EnrollmentIncident,
  stage: BreachReport['stage'],
  now: Date,
): BreachReport => {
  const found = state.found!;
  const numbers = numbersOf(incident);
  return {
    ...reportHeaderOf(state, stage, now),
    whatHappened:
      `Enrollment rules ${found.releases.join(', ') || 'unknown'} enrolled ${numbers.wronglyEnrolled} ` +
      `and unenrolled ${numbers.wronglyUnenrolled} citizens and companies whom the rules in force ` +
      `${incident.trustedRuleVersion ?? 'unknown'} would not have; while they stood, ` +
      `${numbers.deliveredWhileWrong} letters were delivered digitally to the wrongly enrolled and ` +
      `${numbers.onPaperWhileWrong} sent on paper to the wrongly unenrolled; ` +
      `${numbers.welcomeLetters} welcome letters were printed that should not have been.`,
    dataCategories: DATA_CATEGORIES,
    personCategories: PERSON_CATEGORIES,
    numbers,
    likelyConsequences:
      'Letters reached people through a channel they should not have had (Digital Post instead of paper, or the reverse), so some may not have been read in time; deadlines that ran from delivery may need to be extended by the authorities.',
    measuresTaken: [
      `The faulty rules were replaced; the rules in force ${incident.trustedRuleVersion ?? ''} decide every change since.`,
      'Every enrollment change of the window was decided again from the event log, listing each one affected.',
    ],
    authoritiesToInform: incident.byAuthority.map((authority) => ({
      senderId: authority.senderId,
      messageIds: [...authority.toWronglyEnrolled, ...authority.onPaperForWronglyUnenrolled],
    })),
    personsToNotify: [...new Set(incident.wrong.map((w) => w.recorded.mailboxId))].sort(),
  };
};
