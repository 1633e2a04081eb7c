import type { MessageAcceptedV3 } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';
import { eventMetadataFromContext } from '@digital-post/service-kit';
import { projectStatusEvents } from '../status/projection.ts';
import type { AcceptDependencies } from './acceptMessage.ts';
import { messageAcceptedEvent, messageStreamId } from './acceptedEvent.ts';
import type { PreparedLetter } from './letter.ts';
import type { MessageRequest } from './messageSchema.ts';

export interface LetterToStore {
  message: MessageRequest;
  prepared: PreparedLetter;
}

/**
 * Stores letters in `tx`, one or many alike: their files and content, their MessageAccepted
 * events (a new stream each) and their status, a statement or two for each, however many letters.
 * Returns what each acceptance recorded, in order.
 */
export const storeLetters = async (
  tx: SqlExecutor,
  deps: AcceptDependencies,
  letters: LetterToStore[],
  context: { acceptedAt: Date; systemId: string },
): Promise<MessageAcceptedV3[]> => {
  await deps.content.putFiles(
    letters.flatMap(({ prepared }) => prepared.files.map((file) => file.bytes)),
    tx,
  );
  const digests = await deps.content.putLetters(
    letters.map(({ message, prepared }) => ({
      messageId: message.messageUUID,
      letter: prepared.letter,
    })),
    tx,
  );
  const metadata = eventMetadataFromContext();
  const events = letters.map(({ message, prepared }, index) => ({
    ...messageAcceptedEvent(message, prepared, digests[index]!.contentSha256, context),
    metadata,
  }));
  await deps.store.appendToStreams(
    events.map((event) => ({
      streamId: messageStreamId(event.data.messageId),
      events: [event],
      expectedVersion: 'no_stream' as const,
    })),
    { tx },
  );
  // The status read model learns of the acceptances now, so a sender can read them back at once.
  await projectStatusEvents(
    tx,
    events.map((event) => ({ ...event, id: event.id!, recordedAt: context.acceptedAt })),
  );
  return events.map((event) => event.data);
};
