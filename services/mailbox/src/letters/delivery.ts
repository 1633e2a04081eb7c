import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { MessageAcceptedV3, MessageDelivered, MessageRouted } from '@digital-post/contracts';
import {
  ConcurrencyError,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
} from '@digital-post/event-store';
import { eventMetadataFromContext } from '@digital-post/service-kit';
import { appendProjected, type Projector } from '../shared/projectedAppend.ts';
import { letterStreamId } from '../shared/streams.ts';

interface AcceptedLetter {
  sender_id: string;
  legal_notification: boolean;
  reply_allowed: boolean;
  in_reply_to: string | null;
}

interface DeliveryDeps {
  store: Pick<EventStore, 'append'>;
  project: Projector;
  now: () => Date;
}

interface Delivery {
  messageId: string;
  mailboxId: string;
  forwardingRuleId: string | null;
}

const acceptedLetter = async (tx: SqlExecutor, messageId: string) =>
  (
    await tx.query<AcceptedLetter>(
      'select sender_id, legal_notification, reply_allowed, in_reply_to from mailbox.accepted_letters where message_id = $1',
      [messageId],
    )
  )[0];

/**
 * A letter written from a mailbox carries its thread. An answer joins the thread of the letter
 * it answers, but only when that letter is in the receiving mailbox and was written to the
 * answering sender: naming another's letter must not reach into their thread. Any other letter
 * begins one.
 */
const threadOf = async (
  tx: SqlExecutor,
  delivery: Delivery,
  accepted: AcceptedLetter,
): Promise<string> => {
  const written = await tx.query<{ thread_id: string }>(
    'select thread_id from mailbox.threads where message_id = $1',
    [delivery.messageId],
  );
  if (written[0]) return written[0].thread_id;
  if (accepted.in_reply_to === null) return delivery.messageId;
  const answered = await tx.query<{ thread_id: string }>(
    `select thread_id from mailbox.letters
      where mailbox_id = $1 and message_id = $2 and recipient_id = $3 and destroyed_change is null`,
    [delivery.mailboxId, accepted.in_reply_to, accepted.sender_id],
  );
  return answered[0]?.thread_id ?? delivery.messageId;
};

const deliver = async (
  deps: DeliveryDeps,
  tx: SqlExecutor,
  cause: RecordedEvent,
  delivery: Delivery,
  accepted: AcceptedLetter,
): Promise<void> => {
  const data: MessageDelivered = {
    ...delivery,
    deliveredAt: deps.now().toISOString(),
    senderId: accepted.sender_id,
    threadId: await threadOf(tx, delivery, accepted),
    legalNotification: accepted.legal_notification,
    replyAllowed: accepted.reply_allowed,
  };
  const metadata = eventMetadataFromContext({
    causationId: cause.id,
    correlationId: cause.metadata.correlationId,
    actor: { kind: 'system', id: 'mailbox' },
  });
  const streamId = letterStreamId(delivery.mailboxId, delivery.messageId);
  const event = { type: 'MessageDelivered', schemaVersion: 2, data, metadata };
  try {
    // 'no_stream': a letter is delivered to a mailbox once, however often routing says so.
    await appendProjected(deps.store, tx, deps.project, streamId, [event], 'no_stream');
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
  }
};

const onAccepted = async (deps: DeliveryDeps, tx: SqlExecutor, event: RecordedEvent) => {
  const accepted = event.data as MessageAcceptedV3;
  await tx.query(
    `insert into mailbox.accepted_letters
       (message_id, sender_id, legal_notification, reply_allowed, in_reply_to)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [
      accepted.messageId,
      accepted.senderId,
      accepted.legalNotification,
      accepted.replyAllowed,
      accepted.inReplyTo ?? null,
    ],
  );
  const pending = await tx.query<{ mailbox_id: string; forwarding_rule_id: string | null }>(
    'delete from mailbox.pending_deliveries where message_id = $1 returning mailbox_id, forwarding_rule_id',
    [accepted.messageId],
  );
  const letter = (await acceptedLetter(tx, accepted.messageId))!;
  for (const { mailbox_id, forwarding_rule_id } of pending) {
    const delivery = {
      messageId: accepted.messageId,
      mailboxId: mailbox_id,
      forwardingRuleId: forwarding_rule_id,
    };
    await deliver(deps, tx, event, delivery, letter);
  }
};

const onRouted = async (deps: DeliveryDeps, tx: SqlExecutor, event: RecordedEvent) => {
  const routed = event.data as MessageRouted;
  if (routed.channel === 'paper' || !routed.recipientMailboxId) return;
  const delivery = {
    messageId: routed.messageId,
    mailboxId: routed.recipientMailboxId,
    forwardingRuleId: routed.forwardingRuleId ?? null,
  };
  const accepted = await acceptedLetter(tx, routed.messageId);
  if (accepted) return deliver(deps, tx, event, delivery, accepted);
  // Topics are not ordered with each other: the decision can come before the letter it is on.
  await tx.query(
    `insert into mailbox.pending_deliveries (message_id, mailbox_id, forwarding_rule_id)
     values ($1, $2, $3) on conflict do nothing`,
    [delivery.messageId, delivery.mailboxId, delivery.forwardingRuleId],
  );
};

/**
 * Delivers every letter routing sends digitally (or forwards) into the recipient mailbox, in the
 * consumer's transaction. It learns the letter's facts from MessageAccepted and delivers when it
 * has both the letter and the decision, in whichever order they come.
 */
export const consumeDeliveries = (bus: EventBus, deps: DeliveryDeps): Promise<RunningConsumer> =>
  bus.consume({
    groupId: 'mailbox',
    categories: ['message', 'routing'],
    eventTypes: ['MessageAccepted', 'MessageRouted'],
    handle: (event, tx) =>
      event.type === 'MessageAccepted' ? onAccepted(deps, tx, event) : onRouted(deps, tx, event),
  });
