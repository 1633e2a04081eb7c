import {
  messageStreamOf,
  writtenLetterStreamOf,
  type MessageAccepted,
  type MessageRouted,
  type RoutedLetter,
} from '@digital-post/contracts';
import type { EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import { latestDataOf } from '@digital-post/service-kit';

type StreamReader = Pick<EventStore, 'readStream'>;

/**
 * What delivery needs of a routed letter. A decision of version 3 or later carries it (one of
 * version 3 without a delivery time, which reads as at once); one recorded
 * before (v1, v2) did not, and the letter's MessageAccepted says it: that event is always in the
 * store before the decision, since routing decides on it.
 */
export const routedLetterOf = async (
  store: StreamReader,
  tx: SqlExecutor,
  routed: MessageRouted,
): Promise<RoutedLetter> => {
  if (routed.letter) return routed.letter;
  return letterOf(await acceptanceOf(store, tx, routed.messageId));
};

/** The letter's MessageAccepted in the store, of any version: an authority's or a written one. */
export const acceptanceOf = async (
  store: StreamReader,
  tx: SqlExecutor,
  messageId: string,
): Promise<RecordedEvent> => {
  for (const streamId of [messageStreamOf(messageId), writtenLetterStreamOf(messageId)]) {
    const events = await store.readStream(streamId, { tx });
    const recorded = events.find((event) => event.type === 'MessageAccepted');
    if (recorded) return recorded;
  }
  throw new Error(`the routed letter ${messageId} has no acceptance`);
};

/** What delivery needs, as the letter's acceptance says it. */
export const letterOf = (recorded: RecordedEvent): RoutedLetter => {
  const accepted = latestDataOf<MessageAccepted>(recorded);
  return {
    senderId: accepted.senderId,
    legalNotification: accepted.legalNotification,
    replyAllowed: accepted.replyAllowed,
    inReplyTo: accepted.inReplyTo,
    doNotDeliverUntil: accepted.doNotDeliverUntil,
  };
};
