import { mailboxIdOf, type RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import type { LogWindow } from '../../replay/logWindow.ts';
import type { ReplayProgress } from '../../replay/replayLog.ts';
import { consequencesOf, type Notice, type Opening } from './consequences.ts';
import {
  sameDecision,
  trustedDecisionOf,
  wrongRecipientOf,
  type Decision,
  type RecordedDecision,
} from './decisions.ts';
import { routedLetters, type RoutedLetter } from './routedLetters.ts';
import { summariesOf, type RecipientSummary, type SenderSummary } from './summaries.ts';
import { lowest } from '../extremes.ts';

/** A letter whose recorded decision the trusted release would not have made. */
export interface MisroutedLetter {
  messageId: string;
  senderId: string;
  /** The mailbox id of the addressee the sender wrote to. */
  addressee: string;
  recorded: RecordedDecision;
  trusted: Decision;
  /** The mailbox that got the letter and should not have; null when none did. */
  wrongRecipient: string | null;
  /** Opens in the wrong recipient's mailbox, and notices sent to it. */
  opened: Opening[];
  notified: Notice[];
  /** Whether the wrong recipient got it by a forwarding rule. */
  forwarded: boolean;
}

export interface RoutingIncident {
  window: Pick<LogWindow, 'from' | 'to'>;
  /** The release that decided again. */
  trustedRelease: string | null;
  /** Decisions in the window, all re-decided. */
  decisions: number;
  misrouted: MisroutedLetter[];
  bySender: SenderSummary[];
  byWrongRecipient: RecipientSummary[];
}

export interface ReconstructionOptions {
  onProgress?(progress: ReplayProgress): void;
}

/**
 * February 2021 in minutes: every letter routed in the window decided again by the trusted
 * release from the facts as they stood before its decision, and each one where the log says
 * otherwise, with what the wrong recipient did with it (from the log: opens, notices).
 */
export const reconstructRouting = async (
  db: Database,
  redecision: Pick<RedecisionPort, 'redecide'>,
  window: Pick<LogWindow, 'from' | 'to'>,
  options: ReconstructionOptions = {},
): Promise<RoutingIncident> => {
  let decisions = 0;
  let trustedRelease: string | null = null;
  const differing: Omit<MisroutedLetter, 'opened' | 'notified'>[] = [];
  for await (const page of routedLetters(db, window, options)) {
    const answers = await redecision.redecide(page.map(requestOf));
    decisions += page.length;
    page.forEach((letter, index) => {
      const answer = answers[index]!;
      trustedRelease = answer.release;
      const misrouted = compared(letter, trustedDecisionOf(answer));
      if (misrouted) differing.push(misrouted);
    });
  }
  const misrouted = await withConsequences(db, differing);
  return { window, trustedRelease, decisions, misrouted, ...summariesOf(misrouted) };
};

const requestOf = ({ decision, addressee }: RoutedLetter) => ({
  messageId: decision.messageId,
  addressee,
  at: decision.decidedAt,
  before: decision.position,
});

const compared = (
  { decision, senderId, addressee }: RoutedLetter,
  trusted: Decision,
): Omit<MisroutedLetter, 'opened' | 'notified'> | undefined => {
  if (sameDecision(decision, trusted)) return undefined;
  return {
    messageId: decision.messageId,
    senderId,
    addressee: mailboxIdOf(addressee),
    recorded: decision,
    trusted,
    wrongRecipient: wrongRecipientOf(decision, trusted),
    forwarded: decision.channel === 'forwarded',
  };
};

/** What the wrong recipients did with the letters, from the first decision on. */
const withConsequences = async (
  db: Database,
  differing: Omit<MisroutedLetter, 'opened' | 'notified'>[],
): Promise<MisroutedLetter[]> => {
  const wrong = differing.filter((letter) => letter.wrongRecipient !== null);
  const first = lowest(differing.map((letter) => letter.recorded.position));
  const found = await consequencesOf(
    db,
    wrong.map((letter) => letter.messageId),
    first - 1,
  );
  return differing.map((letter) => {
    const inWrongMailbox = ({ mailboxId }: { mailboxId: string }) =>
      mailboxId === letter.wrongRecipient;
    return {
      ...letter,
      opened: (found.opened.get(letter.messageId) ?? []).filter(inWrongMailbox),
      notified: (found.notified.get(letter.messageId) ?? []).filter(inWrongMailbox),
    };
  });
};
