import type { MessageAccepted } from '@digital-post/contracts';
import { latestDataOf } from '@digital-post/service-kit';
import {
  acceptMessage,
  answerFrom,
  type AcceptDependencies,
  type AcceptOutcome,
} from './acceptMessage.ts';
import { messageStreamId } from './acceptedEvent.ts';
import { prepareLetter } from './letter.ts';
import type { MessageRequest } from './messageSchema.ts';
import { storeLetters, type LetterToStore } from './storeLetters.ts';

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
  letters: LetterToStore[],
  systemId: string,
): Promise<AcceptOutcome[] | undefined> => {
  if (letters.length === 0) return [];
  const acceptedAt = deps.now();
  try {
    const stored = await deps.db.transaction((tx) =>
      storeLetters(tx, deps, letters, { acceptedAt, systemId }),
    );
    return stored.map((data, index) => answerFrom(data, letters[index]!.prepared, 'created'));
  } catch {
    return undefined;
  }
};
