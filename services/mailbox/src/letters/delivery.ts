import { inEventTrace, type EventBus, type RunningConsumer } from '@digital-post/bus';
import type { MessageDelivered, MessageRouted, RoutedLetter } from '@digital-post/contracts';
import {
  ConcurrencyError,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
} from '@digital-post/event-store';
import { eventMetadataFromContext, latestDataOf } from '@digital-post/service-kit';
import type { MailboxStore } from '../shared/projections.ts';
import { letterStreamId } from '../shared/streams.ts';
import { routedLetterOf } from './routedLetter.ts';

export interface DeliveryDeps {
  /** The mailbox's store: appends projected inline. */
  store: Pick<EventStore, 'append' | 'readStream'>;
  now: () => Date;
}

/** The event a delivery follows from: its id and correlation go on the delivery's event. */
export interface DeliveryCause {
  id: string;
  metadata: Pick<RecordedEvent['metadata'], 'correlationId'>;
}

export interface Delivery {
  messageId: string;
  mailboxId: string;
  forwardingRuleId: string | null;
}

/**
 * A letter written from a mailbox carries its thread. An answer joins the thread of the letter
 * it answers, but only when that letter is in the receiving mailbox and was written to the
 * answering sender: naming another's letter must not reach into their thread. Any other letter
 * begins one.
 */
const threadOf = async (
  tx: SqlExecutor,
  delivery: Delivery,
  letter: RoutedLetter,
  written?: ReadonlyMap<string, string>,
): Promise<string> => {
  const own = written
    ? written.get(delivery.messageId)
    : (await writtenThreads(tx, [delivery.messageId])).get(delivery.messageId);
  if (own) return own;
  if (letter.inReplyTo === null) return delivery.messageId;
  const answered = await tx.query<{ thread_id: string }>(
    `select thread_id from mailbox.letters
      where mailbox_id = $1 and message_id = $2 and recipient_id = $3 and destroyed_change is null`,
    [delivery.mailboxId, letter.inReplyTo, letter.senderId],
  );
  return answered[0]?.thread_id ?? delivery.messageId;
};

/** The threads of letters written from mailboxes, by message id: read for a batch at once. */
const writtenThreads = async (
  tx: SqlExecutor,
  messageIds: string[],
): Promise<Map<string, string>> => {
  const rows = await tx.query<{ message_id: string; thread_id: string }>(
    'select message_id, thread_id from mailbox.threads where message_id = any($1::text[])',
    [messageIds],
  );
  return new Map(rows.map((row) => [row.message_id, row.thread_id]));
};

export const deliver = async (
  deps: DeliveryDeps,
  tx: SqlExecutor,
  cause: DeliveryCause,
  delivery: Delivery,
  letter: RoutedLetter,
  written?: ReadonlyMap<string, string>,
): Promise<void> => {
  const data: MessageDelivered = {
    ...delivery,
    deliveredAt: deps.now().toISOString(),
    senderId: letter.senderId,
    threadId: await threadOf(tx, delivery, letter, written),
    legalNotification: letter.legalNotification,
    replyAllowed: letter.replyAllowed,
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
    await deps.store.append(streamId, [event], { expectedVersion: 'no_stream', tx });
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
  }
};

const isLater = (time: string | null, now: Date): time is string =>
  time !== null && Date.parse(time) > now.getTime();

/**
 * Keeps a letter for its sender's delivery time (`doNotDeliverUntil`): until then it is in no
 * mailbox, so nothing lists, opens, notifies or serves it. Delivered by `deliverDueLetters`.
 */
const scheduleDelivery = async (
  tx: SqlExecutor,
  cause: DeliveryCause,
  delivery: Delivery,
  letter: RoutedLetter,
  dueAt: string,
): Promise<void> => {
  await tx.query(
    `insert into mailbox.scheduled_deliveries (message_id, mailbox_id, forwarding_rule_id,
       letter, due_at, cause_id, correlation_id)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (message_id, mailbox_id) do nothing`,
    [
      delivery.messageId,
      delivery.mailboxId,
      delivery.forwardingRuleId,
      JSON.stringify(letter),
      dueAt,
      cause.id,
      cause.metadata.correlationId ?? null,
    ],
  );
};

const onRouted = async (
  deps: DeliveryDeps,
  tx: SqlExecutor,
  event: RecordedEvent,
  routed: MessageRouted,
  written: ReadonlyMap<string, string>,
) => {
  if (routed.channel === 'paper' || !routed.recipientMailboxId) return;
  const delivery = {
    messageId: routed.messageId,
    mailboxId: routed.recipientMailboxId,
    forwardingRuleId: routed.forwardingRuleId,
  };
  const letter = await routedLetterOf(deps.store, tx, routed);
  if (isLater(letter.doNotDeliverUntil, deps.now())) {
    return scheduleDelivery(tx, event, delivery, letter, letter.doNotDeliverUntil);
  }
  await deliver(deps, tx, event, delivery, letter, written);
};

/**
 * Delivers every letter routing sends digitally (or forwards) into the recipient mailbox, in the
 * consumer's transaction, from the routing decision alone: it carries what delivery needs. A
 * letter its sender asked not to be delivered before a time waits for it (dueDeliveries.ts).
 */
export const consumeDeliveries = (
  bus: EventBus,
  deps: DeliveryDeps & { store: MailboxStore },
): Promise<RunningConsumer> =>
  bus.consume({
    groupId: 'mailbox',
    categories: ['routing'],
    eventTypes: ['MessageRouted'],
    handleBatch: (events, tx) =>
      deps.store.inBatch(tx, async (batch) => {
        // Each decision read once, for the streams, the threads and the delivery.
        const routed = events.map((event) => latestDataOf<MessageRouted>(event));
        await batch.prefetch(routed.flatMap(letterStreamToDeliver));
        const written = await writtenThreads(
          tx,
          routed.map((decision) => decision.messageId),
        );
        for (const [index, event] of events.entries()) {
          await inEventTrace(event, { 'digitalpost.consumer': 'mailbox' }, () =>
            onRouted(deps, tx, event, routed[index]!, written),
          );
        }
      }),
  });

/** The stream a routed letter is delivered into, read for a batch at once. */
const letterStreamToDeliver = (routed: MessageRouted): string[] => {
  if (routed.channel === 'paper' || !routed.recipientMailboxId) return [];
  return [letterStreamId(routed.recipientMailboxId, routed.messageId)];
};
