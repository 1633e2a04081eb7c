import { ConcurrencyError, type Database, type EventStore } from '@digital-post/event-store';
import type { MailboxAction } from '@digital-post/contracts';
import { createCommandHandler } from '@digital-post/service-kit';
import { actedBy, actorMetadata, type Acting } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { AccessCheck } from '../shared/mailboxAccess.ts';
import { letterStreamId } from '../shared/streams.ts';
import { letterDecider, type LetterCommand, type LetterState } from './letterDecider.ts';
import { toLetterEvent } from './letterEvents.ts';

export interface LetterCommandDeps {
  store: Pick<EventStore, 'append' | 'readStream'>;
  db: Database;
  access: AccessCheck;
  now: () => Date;
}

/** A command as the API gives it: the acting person and the time are added here. */
export type LetterRequest =
  | { type: 'OpenLetter' | 'MarkRead' | 'MarkUnread' | 'DeleteLetter' }
  | { type: 'MoveLetter'; toFolderId: string };

export interface LetterOutcome {
  /** The letter stream's version now: the ETag for the next conditional request. */
  version: number;
  state: LetterState;
}

export const createLetterCommands = (deps: LetterCommandDeps) => {
  const handler = createCommandHandler(deps.store, letterDecider, {
    toDecidedEvent: toLetterEvent,
  });

  const present = async (mailboxId: string, messageId: string) => {
    const loaded = await handler.load(letterStreamId(mailboxId, messageId));
    if (loaded.state.status !== 'present') throw new NotFoundError('message');
    return loaded;
  };

  /** The letter as it stands, for a person who may do `action` to its mailbox; else not found. */
  const load = async (
    acting: Acting,
    mailboxId: string,
    messageId: string,
    action: MailboxAction = 'read',
  ) => {
    await deps.access.assert(acting.person, mailboxId, action);
    return present(mailboxId, messageId);
  };

  const handle = async (
    acting: Acting,
    mailboxId: string,
    messageId: string,
    request: LetterRequest,
    expectedVersion?: number,
  ): Promise<LetterOutcome> => {
    const action = request.type === 'DeleteLetter' ? 'delete' : 'read';
    await deps.access.assert(acting.person, mailboxId, action);
    const command = { ...request, by: actedBy(acting, mailboxId), at: deps.now().toISOString() };
    try {
      const result = await handler.handle(
        letterStreamId(mailboxId, messageId),
        command as LetterCommand,
        { metadata: actorMetadata(acting, mailboxId), expectedVersion },
      );
      return { version: result.nextExpectedVersion, state: result.state };
    } catch (error) {
      // A stale If-Match on a letter that is not there: say it is not there.
      if (error instanceof ConcurrencyError) await present(mailboxId, messageId);
      throw error;
    }
  };

  return { load, handle };
};

export type LetterCommands = ReturnType<typeof createLetterCommands>;
