import type { Database } from '@digital-post/event-store';
import type { MisroutedLetter, RoutingIncident } from '../incidents/routing/reconstructRouting.ts';
import { lowest } from '../incidents/extremes.ts';

/** What repairing one misrouted letter takes, and how much of it is done already. */
export interface PlannedLetter {
  messageId: string;
  senderId: string;
  /** The addressee's mailbox id, as the sender wrote to it. */
  addressee: string;
  /** The mailbox to withdraw it from; null when none got it (paper, or held). */
  withdrawFrom: string | null;
  /** Where it belonged; null when the trusted release would hold it (an operator decides). */
  deliverTo: { channel: 'digital' | 'paper' | 'forwarded'; mailboxId: string | null } | null;
  /** The recorded decision's moment and place in the log: the facts it is decided again on. */
  decidedAt: string;
  position: number;
  /** Already in the log: withdrawn from that mailbox, routed again under a case. */
  done: { withdrawn: boolean; redirected: boolean };
}

export interface RemediationPlan {
  caseReference: string;
  window: RoutingIncident['window'];
  trustedRelease: string | null;
  letters: PlannedLetter[];
  /** What an `execute` would still do. */
  pending: { withdrawals: number; redirects: number };
}

const plannedOf = (letter: MisroutedLetter): Omit<PlannedLetter, 'done'> => ({
  messageId: letter.messageId,
  senderId: letter.senderId,
  addressee: letter.addressee,
  withdrawFrom: letter.wrongRecipient,
  deliverTo:
    letter.trusted.outcome === 'routed'
      ? { channel: letter.trusted.channel!, mailboxId: letter.trusted.mailboxId }
      : null,
  decidedAt: letter.recorded.decidedAt,
  position: letter.recorded.position,
});

interface DoneRow {
  event_type: 'MessageWithdrawn' | 'MessageRouted';
  message_id: string;
  mailbox_id: string | null;
}

/**
 * What the log already holds of a repair, after the first misrouted decision: the withdrawals
 * (by letter and mailbox) and the decisions made again under a case (by letter).
 */
const doneOf = async (db: Database, letters: readonly Omit<PlannedLetter, 'done'>[]) => {
  const withdrawn = new Set<string>();
  const redirected = new Set<string>();
  if (letters.length === 0) return { withdrawn, redirected };
  const rows = await db.query<DoneRow>(
    `select event_type, data->>'messageId' as message_id, data->>'mailboxId' as mailbox_id
       from events
      where global_position > $1 and data->>'messageId' = any($2::text[])
        and (event_type = 'MessageWithdrawn'
          or (event_type = 'MessageRouted' and data->>'caseReference' is not null))`,
    [lowest(letters.map((letter) => letter.position)), letters.map((l) => l.messageId)],
  );
  for (const row of rows) {
    if (row.event_type === 'MessageRouted') redirected.add(row.message_id);
    else withdrawn.add(`${row.mailbox_id} ${row.message_id}`);
  }
  return { withdrawn, redirected };
};

/**
 * The repair of a routing incident: each misrouted letter withdrawn from the mailbox that should
 * not have it, and routed again where the trusted release sends it; marked done where the log
 * shows it so. Only a plan: nothing is written.
 */
export const planRemediation = async (
  db: Database,
  incident: RoutingIncident,
  caseReference: string,
): Promise<RemediationPlan> => {
  const planned = incident.misrouted.map(plannedOf);
  const found = await doneOf(db, planned);
  const letters = planned.map((letter) => ({
    ...letter,
    done: {
      withdrawn: found.withdrawn.has(`${letter.withdrawFrom} ${letter.messageId}`),
      redirected: found.redirected.has(letter.messageId),
    },
  }));
  return {
    caseReference,
    window: incident.window,
    trustedRelease: incident.trustedRelease,
    letters,
    pending: {
      withdrawals: letters.filter((l) => l.withdrawFrom !== null && !l.done.withdrawn).length,
      redirects: letters.filter((l) => l.deliverTo !== null && !l.done.redirected).length,
    },
  };
};
