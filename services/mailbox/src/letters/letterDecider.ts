import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import type { ActedBy } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';
import { TRASH } from '../folders/systemFolders.ts';
import type { LetterEvent } from './letterEvents.ts';

export interface LetterState {
  /**
   * `destroyed`: permanently deleted; `withdrawn`: taken out by an operator, as misdelivered.
   * Either answers as a letter that never existed.
   */
  status: 'absent' | 'present' | 'destroyed' | 'withdrawn';
  messageId: string;
  mailboxId: string;
  direction: 'incoming' | 'outgoing';
  senderId: string | null;
  threadId: string;
  legalNotification: boolean;
  replyAllowed: boolean;
  /** The served receipt (forkyndelse) was recorded; it is recorded once, whoever opens later. */
  served: boolean;
  folderId: string;
  read: boolean;
  /** Who wrote it for a citizen on their behalf (a holder of full access); null otherwise. */
  writtenOnBehalfBy: string | null;
}

/** What every act on a letter carries: who acted, and when. */
interface Act {
  by: ActedBy;
  at: string;
}

/**
 * An operator's, not a holder's: no person of the mailbox acted. A letter not yet there (kept
 * for its delivery time) is withdrawn too, so it never arrives.
 */
export interface WithdrawLetter {
  type: 'WithdrawLetter';
  messageId: string;
  mailboxId: string;
  caseReference: string;
  at: string;
}

export type LetterCommand =
  | WithdrawLetter
  | ({ type: 'OpenLetter' } & Act)
  | ({ type: 'MarkRead' } & Act)
  | ({ type: 'MarkUnread' } & Act)
  | ({ type: 'MoveLetter'; toFolderId: string } & Act)
  | ({ type: 'DeleteLetter' } & Act);

const initialState = (): LetterState => ({
  status: 'absent',
  messageId: '',
  mailboxId: '',
  direction: 'incoming',
  senderId: null,
  threadId: '',
  legalNotification: false,
  replyAllowed: false,
  served: false,
  folderId: 'inbox',
  read: false,
  writtenOnBehalfBy: null,
});

const ids = (state: LetterState) => ({ messageId: state.messageId, mailboxId: state.mailboxId });

const open = (state: LetterState, { by, at }: Act): LetterEvent[] => {
  const events: LetterEvent[] = [
    { type: 'MessageOpened', data: { ...ids(state), ...by, openedAt: at } },
  ];
  if (state.legalNotification && !state.served) {
    const senderId = state.senderId ?? 'unknown';
    events.push({
      type: 'LegalNotificationServed',
      data: { ...ids(state), senderId, ...by, servedAt: at },
    });
  }
  // Opening a letter reads it, in every client.
  if (!state.read)
    events.push({ type: 'MessageMarkedRead', data: { ...ids(state), ...by, markedAt: at } });
  return events;
};

const move = (state: LetterState, command: Act & { toFolderId: string }): LetterEvent[] => {
  if (command.toFolderId === TRASH) {
    throw new DomainRuleError('delete-to-trash', 'Delete the letter to put it in the trash.', 422);
  }
  if (command.toFolderId === state.folderId) return [];
  const { by, at, toFolderId } = command;
  return [
    {
      type: 'MessageMoved',
      data: { ...ids(state), fromFolderId: state.folderId, toFolderId, ...by, movedAt: at },
    },
  ];
};

/**
 * A letter a holder wrote on a citizen's behalf stays for the citizen to see what was said in
 * their name: its writer cannot delete it; the owner can, as anything, at any time.
 */
const assertNotWrittenBy = (state: LetterState, { by }: Act): void => {
  if (state.writtenOnBehalfBy !== null && state.writtenOnBehalfBy === by.actorId) {
    throw new DomainRuleError(
      'written-on-behalf',
      "A letter written on the owner's behalf is deleted by the owner only.",
      422,
    );
  }
};

/** Deleting moves a letter to the trash; deleting it from the trash is for good. */
const remove = (state: LetterState, { by, at }: Act): LetterEvent[] =>
  state.folderId === TRASH
    ? [{ type: 'MessagePermanentlyDeleted', data: { ...ids(state), ...by, deletedAt: at } }]
    : [
        {
          type: 'MessageDeleted',
          data: { ...ids(state), fromFolderId: state.folderId, ...by, deletedAt: at },
        },
      ];

const withdraw = (state: LetterState, command: WithdrawLetter): LetterEvent[] => {
  if (state.status === 'withdrawn') return [];
  const { messageId, mailboxId, caseReference, at } = command;
  return [
    { type: 'MessageWithdrawn', data: { messageId, mailboxId, caseReference, withdrawnAt: at } },
  ];
};

const decide = (command: LetterCommand, state: LetterState): LetterEvent[] => {
  if (command.type === 'WithdrawLetter') return withdraw(state, command);
  if (state.status !== 'present') throw new NotFoundError('message');
  switch (command.type) {
    case 'OpenLetter':
      return open(state, command);
    case 'MarkRead':
      return state.read
        ? []
        : [
            {
              type: 'MessageMarkedRead',
              data: { ...ids(state), ...command.by, markedAt: command.at },
            },
          ];
    case 'MarkUnread':
      return state.read
        ? [
            {
              type: 'MessageMarkedUnread',
              data: { ...ids(state), ...command.by, markedAt: command.at },
            },
          ]
        : [];
    case 'MoveLetter':
      return move(state, command);
    case 'DeleteLetter':
      assertNotWrittenBy(state, command);
      return remove(state, command);
  }
};

const evolve = (state: LetterState, event: LetterEvent): LetterState => {
  switch (event.type) {
    case 'MessageDelivered': {
      const { messageId, mailboxId, senderId, threadId, legalNotification, replyAllowed } =
        event.data;
      const thread = threadId ?? messageId;
      return {
        ...state,
        status: 'present',
        messageId,
        mailboxId,
        senderId,
        threadId: thread,
        legalNotification,
        replyAllowed,
      };
    }
    case 'MessageWritten': {
      const { messageId, mailboxId, threadId, actorId, onBehalfOf } = event.data;
      const onCitizensBehalf = onBehalfOf !== null && mailboxId.startsWith('cpr:');
      return {
        ...state,
        writtenOnBehalfBy: onCitizensBehalf ? actorId : null,
        status: 'present',
        messageId,
        mailboxId,
        threadId,
        senderId: mailboxId,
        direction: 'outgoing',
        folderId: 'sent',
        read: true,
      };
    }
    case 'LegalNotificationServed':
      return { ...state, served: true };
    case 'MessageMarkedRead':
      return { ...state, read: true };
    case 'MessageMarkedUnread':
      return { ...state, read: false };
    case 'MessageMoved':
      return { ...state, folderId: event.data.toFolderId };
    case 'MessageDeleted':
      return { ...state, folderId: TRASH };
    case 'MessagePermanentlyDeleted':
      return { ...state, status: 'destroyed' };
    case 'MessageWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'MessageOpened':
      return state;
  }
};

export const letterDecider: Decider<LetterCommand, LetterEvent, LetterState> = {
  decide,
  evolve,
  initialState,
};
