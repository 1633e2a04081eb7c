import { LetterContentConflict, type ContentStore } from '@digital-post/content-store';
import type { MessageAccepted } from '@digital-post/contracts';
import {
  ConcurrencyError,
  DuplicateEventError,
  type Database,
  type EventStore,
} from '@digital-post/event-store';
import { latestDataOf } from '@digital-post/service-kit';
import { messageStreamId } from './acceptedEvent.ts';
import { prepareLetter, type PreparedLetter } from './letter.ts';
import { storeLetters } from './storeLetters.ts';
import type { Acceptance, MessageRequest } from './messageSchema.ts';

export interface AcceptDependencies {
  store: EventStore;
  db: Database;
  content: ContentStore;
  now: () => Date;
}

/** `created`: stored now; `replayed`: the same letter was accepted before; `conflict`: another. */
export type AcceptOutcome =
  { kind: 'created' | 'replayed'; acceptance: Acceptance } | { kind: 'conflict' };

/**
 * Stores the letter's files and content and appends MessageAccepted in one transaction, so a
 * failure anywhere leaves nothing behind. A message UUID seen before answers as it did the first
 * time when the request is the same, and is a conflict when it is not.
 */
export const acceptMessage = async (
  deps: AcceptDependencies,
  request: MessageRequest,
  systemId: string,
): Promise<AcceptOutcome> => {
  // UUIDs compare case-insensitively; streams and ids are kept in lower case.
  const message = { ...request, messageUUID: request.messageUUID.toLowerCase() };
  const prepared = prepareLetter(message);
  const earlier = await firstAcceptance(deps.store, message.messageUUID);
  if (earlier) return answerFrom(earlier, prepared, 'replayed');
  const acceptedAt = deps.now();
  try {
    await deps.db.transaction((tx) =>
      storeLetters(tx, deps, [{ message, prepared }], { acceptedAt, systemId }),
    );
  } catch (error) {
    // A copy of this request (or another letter under the same UUID) won the race.
    if (!isLostRace(error)) throw error;
  }
  const stored = await firstAcceptance(deps.store, message.messageUUID);
  if (!stored) throw new Error(`message ${message.messageUUID} was neither stored nor found`);
  const ours = stored.acceptedAt === acceptedAt.toISOString() && stored.senderSystemId === systemId;
  return answerFrom(stored, prepared, ours ? 'created' : 'replayed');
};

const isLostRace = (error: unknown): boolean =>
  error instanceof ConcurrencyError ||
  error instanceof LetterContentConflict ||
  error instanceof DuplicateEventError ||
  (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505');

const firstAcceptance = async (
  store: EventStore,
  messageUUID: string,
): Promise<MessageAccepted | undefined> => {
  const [first] = await store.readStream(messageStreamId(messageUUID), { maxCount: 1 });
  // Of any version: one accepted before v2 has no request digest, so a retry of it conflicts.
  return first?.type === 'MessageAccepted' ? latestDataOf<MessageAccepted>(first) : undefined;
};

export const answerFrom = (
  stored: MessageAccepted,
  prepared: PreparedLetter,
  kind: 'created' | 'replayed',
): AcceptOutcome => {
  // The digest covers the sender too: another authority reusing a UUID is a conflict as well.
  if (stored.contentSha256 !== prepared.requestSha256) return { kind: 'conflict' };
  return {
    kind,
    acceptance: {
      messageUUID: stored.messageId,
      status: 'accepted',
      acceptedAt: stored.acceptedAt,
      contentSha256: stored.contentSha256,
    },
  };
};
