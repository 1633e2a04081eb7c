/** The states a sender sees a letter pass through, in the words of the API. */
export const messageStatuses = [
  'accepted',
  'held',
  'routed',
  'printed',
  'delivered',
  'notified',
  'first-opened',
  'served',
  'failed',
  'withdrawn',
] as const;

export type MessageStatus = (typeof messageStatuses)[number];

export interface StatusEntry {
  messageId: string;
  status: MessageStatus;
  at: string;
  details: Record<string, unknown>;
}

export interface EventLike {
  type: string;
  data: unknown;
  recordedAt: Date;
}

// A hold for these reasons will not resolve by waiting: to the sender the letter has failed.
const FAILING_HOLDS = new Set([
  'recipient_unknown',
  'delivery_invariant_violated',
  'forwarding_loop',
  'forwarding_chain_too_long',
  'forwarding_target_unreachable',
]);

type Data = Record<string, unknown>;
type Mapping = (data: Data) => Omit<StatusEntry, 'messageId' | 'at'> & { at: unknown };

const pick = (data: Data, ...keys: string[]): Data =>
  Object.fromEntries(keys.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));

const PERSON_FIELDS = ['actorId', 'onBehalfOf', 'viewingClient'];

const mappings: Record<string, Mapping> = {
  MessageAccepted: (d) => ({ status: 'accepted', at: d.acceptedAt, details: {} }),
  MessageRouted: (d) => ({
    status: 'routed',
    at: d.decidedAt,
    details: {
      ...pick(d, 'channel', 'recipientMailboxId', 'forwardingRuleId'),
      // A decision made again under an operator's case (remediation) names the case.
      ...(typeof d.caseReference === 'string' && { caseReference: d.caseReference }),
    },
  }),
  MessageHeld: (d) => ({
    status: FAILING_HOLDS.has(String(d.reason)) ? 'failed' : 'held',
    at: d.heldAt,
    details: pick(d, 'reason', 'heldUntil'),
  }),
  MessagePrinted: (d) => ({
    status: 'printed',
    at: d.printedAt,
    details: pick(d, 'printChannel', 'printJobId'),
  }),
  MessageDelivered: (d) => ({
    status: 'delivered',
    at: d.deliveredAt,
    details: pick(d, 'mailboxId'),
  }),
  MessageOpened: (d) => ({
    status: 'first-opened',
    at: d.openedAt,
    details: pick(d, 'mailboxId', ...PERSON_FIELDS),
  }),
  // Taken out of a mailbox it should not have reached; where it belonged follows as `routed`.
  MessageWithdrawn: (d) => ({
    status: 'withdrawn',
    at: d.withdrawnAt,
    details: pick(d, 'mailboxId', 'caseReference'),
  }),
  LegalNotificationServed: (d) => ({
    status: 'served',
    at: d.servedAt,
    details: pick(d, 'mailboxId', ...PERSON_FIELDS),
  }),
};

/**
 * A notice sent names every letter of its window: each of them was notified, on that channel
 * (never the address) at that time.
 */
const noticeEntriesOf = (data: Data): StatusEntry[] =>
  Array.isArray(data.messageIds) && typeof data.sentAt === 'string'
    ? data.messageIds
        .filter((messageId): messageId is string => typeof messageId === 'string')
        .map((messageId) => ({
          messageId,
          status: 'notified',
          at: data.sentAt as string,
          details: pick(data, 'channel'),
        }))
    : [];

export const statusEventTypes = [...Object.keys(mappings), 'NoticeSent'];

/** Every status change an event means to a letter's sender: one, none, or one per letter named. */
export const statusEntriesOf = (event: EventLike): StatusEntry[] => {
  if (event.type !== 'NoticeSent') {
    const entry = statusEntryOf(event);
    return entry ? [entry] : [];
  }
  return typeof event.data === 'object' && event.data !== null
    ? noticeEntriesOf(event.data as Data)
    : [];
};

/** The status change an event means to its sender, or undefined for events that mean none. */
export const statusEntryOf = (event: EventLike): StatusEntry | undefined => {
  const mapping = mappings[event.type];
  if (!mapping || typeof event.data !== 'object' || event.data === null) return undefined;
  const data = event.data as Data;
  if (typeof data.messageId !== 'string') return undefined;
  const { status, at, details } = mapping(data);
  return {
    messageId: data.messageId,
    status,
    at: typeof at === 'string' ? at : event.recordedAt.toISOString(),
    details,
  };
};

/**
 * Who opened a letter is told to its sender only for a legal notification, where the law makes
 * it the proof of service; for any other letter the sender learns only that and when.
 */
export const forSender = (entry: StatusEntry, legalNotification: boolean): StatusEntry => {
  if (legalNotification || entry.status !== 'first-opened') return entry;
  return { ...entry, details: pick(entry.details, 'mailboxId') };
};
