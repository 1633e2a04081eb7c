import type { RoutingIncident } from '../incidents/routing/reconstructRouting.ts';
import type { BreachState } from './breachDecider.ts';
import type { BreachIncident } from './breachFinding.ts';
import { draftEnrollmentReport } from './enrollmentBreachReport.ts';
import { reportHeaderOf, type Deadline } from './deadlines.ts';

/** What a supervisory authority asks of a breach notification (GDPR art. 33(3)), drafted. */
export interface BreachReport {
  breachId: string;
  stage: 'preliminary' | 'follow-up';
  deadline: Deadline;
  caseReference: string;
  whatHappened: string;
  began: string | null;
  ended: string | null;
  foundAt: string;
  dataCategories: string[];
  personCategories: string[];
  /** Counts by what they count: a routing breach's letters, an enrollment breach's people. */
  numbers: Record<string, number>;
  likelyConsequences: string;
  measuresTaken: string[];
  /** Each authority whose letters were affected, with those letters: each must be told. */
  authoritiesToInform: { senderId: string; messageIds: string[] }[];
  /** Whose letters reached someone else (addressees), and who opened one not theirs. */
  personsToNotify: string[];
}

const DATA_CATEGORIES = [
  'identification numbers (CPR and CVR numbers, in mailbox ids)',
  'the contents of letters from public authorities, which may hold special categories of data',
  'that a letter was sent, by whom and when',
];

const PERSON_CATEGORIES = [
  'citizens and companies to whom the letters were addressed',
  'the holders of the mailboxes that received letters not addressed to them',
];

/**
 * The report a breach's stage asks for, drafted from its record and its reconstruction (the
 * same window of the log, so the same letters): for the operator to check and file, not sent.
 */
export const draftBreachReport = (
  state: BreachState,
  found: BreachIncident,
  stage: BreachReport['stage'],
  now: Date,
): BreachReport =>
  found.kind === 'routing'
    ? draftRoutingReport(state, found.incident, stage, now)
    : draftEnrollmentReport(state, found.incident, stage, now);

const draftRoutingReport = (
  state: BreachState,
  incident: RoutingIncident,
  stage: BreachReport['stage'],
  now: Date,
): BreachReport => {
  const found = state.found!;
  const misdelivered = incident.misrouted.filter((letter) => letter.wrongRecipient !== null);
  const opened = misdelivered.filter((letter) => letter.opened.length > 0);
  return {
    ...reportHeaderOf(state, stage, now),
    whatHappened:
      `Routing release ${found.releases.join(', ') || 'unknown'} decided ${incident.misrouted.length} ` +
      `letters otherwise than the trusted release ${incident.trustedRelease ?? 'unknown'} would; ` +
      `${misdelivered.length} were delivered to ${incident.byWrongRecipient.length} mailboxes ` +
      `that should not have had them, and ${opened.length} of those were opened there.`,
    dataCategories: DATA_CATEGORIES,
    personCategories: PERSON_CATEGORIES,
    numbers: {
      letters: incident.misrouted.length,
      addressees: new Set(misdelivered.map((letter) => letter.addressee)).size,
      wrongRecipients: incident.byWrongRecipient.length,
      opened: opened.length,
    },
    likelyConsequences:
      opened.length > 0
        ? `Letters were read by people they were not meant for (${opened.length}); what they learnt depends on each letter, which its authority judges.`
        : 'No misdelivered letter was opened: the risk is that of letters not received in time.',
    measuresTaken: [
      `The faulty release was replaced; the trusted release ${incident.trustedRelease ?? ''} decides every letter since.`,
      'Every letter of the window was decided again from the event log, listing each one affected.',
    ],
    authoritiesToInform: authoritiesOf(misdelivered),
    personsToNotify: [...new Set(misdelivered.map((letter) => letter.addressee))].sort(),
  };
};

const authoritiesOf = (letters: RoutingIncident['misrouted']) => {
  const bySender = new Map<string, string[]>();
  for (const letter of letters) {
    bySender.set(letter.senderId, [...(bySender.get(letter.senderId) ?? []), letter.messageId]);
  }
  return [...bySender]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([senderId, messageIds]) => ({ senderId, messageIds }));
};
