import type { Redecision } from '@digital-post/contracts';
import type { RecordedEvent } from '@digital-post/event-store';

/**
 * A routing decision in the terms both sides share: what was recorded (MessageRouted or
 * MessageHeld) and what the trusted release answers. `mailboxId` is the mailbox that got the
 * letter (null for paper, and for a held letter).
 */
export interface Decision {
  outcome: 'routed' | 'held';
  channel: 'digital' | 'paper' | 'forwarded' | null;
  mailboxId: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  /** Why a held letter was held; null for a routed one. */
  heldFor: string | null;
}

/** A decision as the log recorded it, with who decided and when. */
export interface RecordedDecision extends Decision {
  messageId: string;
  release: string | null;
  decidedAt: string;
  position: number;
}

interface RoutedData {
  messageId: string;
  channel: 'digital' | 'paper' | 'forwarded';
  recipientMailboxId?: string | null;
  forwardingRuleId?: string | null;
  forwardingRuleVersion?: number | null;
  routerRelease?: string | null;
  decidedAt: string;
}

interface HeldData {
  messageId: string;
  reason: string;
  routerRelease?: string | null;
  heldAt: string;
}

/** A MessageRouted or MessageHeld of any version (later fields default to null). */
export const recordedDecisionOf = (event: RecordedEvent): RecordedDecision => {
  const position = event.globalPosition;
  if (event.type === 'MessageRouted') {
    const data = event.data as RoutedData;
    return {
      messageId: data.messageId,
      outcome: 'routed',
      channel: data.channel,
      mailboxId: data.recipientMailboxId ?? null,
      ruleId: data.forwardingRuleId ?? null,
      ruleVersion: data.forwardingRuleVersion ?? null,
      heldFor: null,
      release: data.routerRelease ?? null,
      decidedAt: data.decidedAt,
      position,
    };
  }
  const data = event.data as HeldData;
  return {
    ...{ messageId: data.messageId, outcome: 'held', channel: null, mailboxId: null },
    ...{ ruleId: null, ruleVersion: null, heldFor: data.reason },
    ...{ release: data.routerRelease ?? null, decidedAt: data.heldAt, position },
  };
};

/** The trusted release's answer as a decision. */
export const trustedDecisionOf = (answer: Redecision): Decision =>
  answer.outcome === 'routed'
    ? {
        outcome: 'routed',
        channel: answer.channel,
        mailboxId: answer.recipientMailboxId,
        ruleId: answer.forwardingRuleId,
        ruleVersion: answer.forwardingRuleVersion,
        heldFor: null,
      }
    : {
        outcome: 'held',
        ...{ channel: null, mailboxId: null, ruleId: null, ruleVersion: null },
        heldFor: answer.reason,
      };

/** Whether two decisions send the letter the same way, by the same rule version. */
export const sameDecision = (a: Decision, b: Decision): boolean =>
  a.outcome === b.outcome &&
  a.channel === b.channel &&
  a.mailboxId === b.mailboxId &&
  a.ruleId === b.ruleId &&
  a.ruleVersion === b.ruleVersion &&
  a.heldFor === b.heldFor;

/**
 * Who got a letter they should not have: the recorded mailbox, when the trusted decision names
 * another (or none). Paper went to the addressee; a held letter went nowhere.
 */
export const wrongRecipientOf = (recorded: Decision, trusted: Decision): string | null =>
  recorded.mailboxId !== null && recorded.mailboxId !== trusted.mailboxId
    ? recorded.mailboxId
    : null;
