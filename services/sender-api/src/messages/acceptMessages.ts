import type { MessageAccepted } from '@digital-post/contracts';
import type { SqlExecutor } from '@digital-post/event-store';
import { eventMetadataFromContext, latestDataOf } from '@digital-post/service-kit';
import { projectStatusEvents } from '../status/projection.ts';
import {
  acceptMessage,
  answerFrom,
  type AcceptDependencies,
  type AcceptOutcome,
} from './acceptMessage.ts';
import { messageAcceptedEvent, messageStreamId } from './acceptedEvent.ts';
import { prepareLetter, type PreparedLetter } from './letter.ts';
import type { MessageRequest } from './messageSchema.ts';

interface Prepared {
  message: MessageRequest;
  prepared: PreparedLetter;
}

/**
 * Accepts many letters of one authority system as `acceptMessage` accepts one, in a few
 * statements: their earlier acceptances are read in one query, and the new ones stored together
 * (files, content, events and status) in one transaction. Should that fail (a copy of one of them
 * won a race, a UUID came with other content), each is accepted on its own, so every letter still
 * gets its own answer. Answers are in the order of `requests`.
 */
export const acceptMessages = async (
  deps: AcceptDependencies,
  requests: MessageRequest[],
  systemId: string,
): Promise<AcceptOutcome[]> => {
  const letters = requests.map((request) => {
    // UUIDs compare case-insensitively; streams and ids are kept in lower case.
    const message = { ...request, messageUUID: request.messageUUID.toLowerCase() };
    return { message, prepared: prepareLetter(message) };
  });
  const outcomes: AcceptOutcome[] = [];
  const earlier = await deps.store.readStreams(
    letters.map(({ message }) => messageStreamId(message.messageUUID)),
  );
  const fresh = new Map<string, number>();
  letters.forEach(({ message, prepared }, index) => {
    const [first] = earlier.get(messageStreamId(message.messageUUID)) ?? [];
    if (first?.type === 'MessageAccepted') {
      outcomes[index] = answerFrom(latestDataOf<MessageAccepted>(first), prepared, 'replayed');
    } else if (!fresh.has(message.messageUUID)) fresh.set(message.messageUUID, index);
  });
  const batch = [...fresh.values()];
  const stored = await storeTogether(
    deps,
    batch.map((index) => letters[index]!),
    systemId,
  );
  batch.forEach((index, position) => {
    if (stored) outcomes[index] = stored[position]!;
  });
  // What is not answered yet: a second copy within the batch, or all of it after a failure.
  for (const [index, { message }] of letters.entries()) {
    outcomes[index] ??= await acceptMessage(deps, message, systemId);
  }
  return outcomes;
};

/** All in one transaction; undefined when it failed, leaving nothing behind. */
const storeTogether = async (
  deps: AcceptDependencies,
  letters: Prepared[],
  systemId: string,
): Promise<AcceptOutcome[] | undefined> => {
  if (letters.length === 0) return [];
  const acceptedAt = deps.now();
  try {
    return await deps.db.transaction((tx) => store(tx, deps, letters, { acceptedAt, systemId }));
  } catch {
    return undefined;
  }
};

const store = async (
  tx: SqlExecutor,
  deps: AcceptDependencies,
  letters: Prepared[],
  context: { acceptedAt: Date; systemId: string },
): Promise<AcceptOutcome[]> => {
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
  return events.map((event, index) => answerFrom(event.data, letters[index]!.prepared, 'created'));
};
