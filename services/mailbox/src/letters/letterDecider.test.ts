import { describe, expect, it } from 'vitest';
import { DomainRuleError, foldEvents } from '@digital-post/service-kit';
import { NotFoundError } from '../shared/errors.ts';
import { letterDecider, type LetterCommand } from './letterDecider.ts';
import type { ActedBy } from '../shared/acting.ts';
import type { LetterEvent } from './letterEvents.ts';

const ids = { messageId: 'm1', mailboxId: 'cpr:0101901234' };
const by = { actorId: 'cpr:0101901234', onBehalfOf: null, viewingClient: 'e_boks' } as const;
const at = '2024-03-01T09:30:00.000Z';

const delivered = (legalNotification = false): LetterEvent => ({
  type: 'MessageDelivered',
  schemaVersion: 2,
  data: {
    ...ids,
    forwardingRuleId: null,
    deliveredAt: at,
    senderId: 'authority:skat',
    threadId: 'm1',
    legalNotification,
    replyAllowed: true,
  },
});

const decide = (history: LetterEvent[], command: LetterCommand) =>
  letterDecider.decide(command, foldEvents(letterDecider, history));

const typesOf = (events: LetterEvent[]) => events.map((event) => event.type);

describe('a letter in a mailbox', () => {
  it('is opened, logged with who, for whom and through which client, and read', () => {
    const events = decide([delivered()], { type: 'OpenLetter', by, at });
    expect(events).toEqual([
      { type: 'MessageOpened', data: { ...ids, ...by, openedAt: at } },
      { type: 'MessageMarkedRead', data: { ...ids, ...by, markedAt: at } },
    ]);
  });

  it('serves a legal notification at its first open, and only then', () => {
    const first = decide([delivered(true)], { type: 'OpenLetter', by, at });
    expect(typesOf(first)).toEqual([
      'MessageOpened',
      'LegalNotificationServed',
      'MessageMarkedRead',
    ]);
    expect(first[1]!.data).toMatchObject({
      senderId: 'authority:skat',
      servedAt: at,
      viewingClient: 'e_boks',
    });
    const again = decide([delivered(true), ...first], { type: 'OpenLetter', by, at });
    expect(typesOf(again)).toEqual(['MessageOpened']);
  });

  it('marks read and unread only when that changes something', () => {
    const read = decide([delivered()], { type: 'MarkRead', by, at });
    expect(typesOf(read)).toEqual(['MessageMarkedRead']);
    expect(decide([delivered(), ...read], { type: 'MarkRead', by, at })).toEqual([]);
    expect(typesOf(decide([delivered(), ...read], { type: 'MarkUnread', by, at }))).toEqual([
      'MessageMarkedUnread',
    ]);
    expect(decide([delivered()], { type: 'MarkUnread', by, at })).toEqual([]);
  });

  it('moves between folders, but not into the trash', () => {
    const moved = decide([delivered()], { type: 'MoveLetter', toFolderId: 'archive', by, at });
    expect(moved[0]!.data).toMatchObject({ fromFolderId: 'inbox', toFolderId: 'archive' });
    expect(
      decide([delivered(), ...moved], { type: 'MoveLetter', toFolderId: 'archive', by, at }),
    ).toEqual([]);
    expect(() =>
      decide([delivered()], { type: 'MoveLetter', toFolderId: 'trash', by, at }),
    ).toThrow(DomainRuleError);
  });

  it('is deleted to the trash, then for good, after which it is gone', () => {
    const trashed = decide([delivered()], { type: 'DeleteLetter', by, at });
    expect(trashed).toEqual([
      { type: 'MessageDeleted', data: { ...ids, fromFolderId: 'inbox', ...by, deletedAt: at } },
    ]);
    const gone = decide([delivered(), ...trashed], { type: 'DeleteLetter', by, at });
    expect(typesOf(gone)).toEqual(['MessagePermanentlyDeleted']);
    expect(() =>
      decide([delivered(), ...trashed, ...gone], { type: 'OpenLetter', by, at }),
    ).toThrow(NotFoundError);
  });

  it('can be restored from the trash by moving it', () => {
    const trashed = decide([delivered()], { type: 'DeleteLetter', by, at });
    const restored = decide([delivered(), ...trashed], {
      type: 'MoveLetter',
      toFolderId: 'inbox',
      by,
      at,
    });
    expect(restored[0]!.data).toMatchObject({ fromFolderId: 'trash', toFolderId: 'inbox' });
  });

  it('is not found before it was delivered', () => {
    expect(() => decide([], { type: 'OpenLetter', by, at })).toThrow(NotFoundError);
  });
});

describe("a letter written on a citizen's behalf", () => {
  const son = {
    actorId: 'cpr:0101051234',
    onBehalfOf: 'cpr:0101901234',
    viewingClient: 'mit_dk',
  } as const;
  const written = (writer: ActedBy, mailboxId = ids.mailboxId): LetterEvent => ({
    type: 'MessageWritten',
    data: {
      messageId: 'm2',
      mailboxId,
      recipientMailboxId: 'authority:skat',
      threadId: 'm2',
      inReplyTo: null,
      ...writer,
      writtenAt: at,
    },
  });

  it('cannot be deleted by the holder who wrote it; the owner deletes it', () => {
    expect(() => decide([written(son)], { type: 'DeleteLetter', by: son, at })).toThrow(
      expect.objectContaining({ rule: 'written-on-behalf', status: 422 }),
    );
    expect(typesOf(decide([written(son)], { type: 'DeleteLetter', by, at }))).toEqual([
      'MessageDeleted',
    ]);
  });

  it("is the holder's to delete when they wrote it in their own mailbox", () => {
    const own = { ...son, onBehalfOf: null };
    const mine = written(own, 'cpr:0101051234');
    expect(typesOf(decide([mine], { type: 'DeleteLetter', by: own, at }))).toEqual([
      'MessageDeleted',
    ]);
  });
});

describe('a letter withdrawn by an operator (misdelivered)', () => {
  const withdraw: LetterCommand = {
    type: 'WithdrawLetter',
    ...ids,
    caseReference: 'INC-2021-02',
    at,
  };
  const withdrawn: LetterEvent = {
    type: 'MessageWithdrawn',
    data: { ...ids, caseReference: 'INC-2021-02', withdrawnAt: at },
  };

  it('is withdrawn under the case, once', () => {
    expect(decide([delivered()], withdraw)).toEqual([withdrawn]);
    expect(decide([delivered(), withdrawn], withdraw)).toEqual([]);
  });

  it('answers as absent to its holders afterwards', () => {
    expect(() => decide([delivered(), withdrawn], { type: 'OpenLetter', by, at })).toThrow(
      NotFoundError,
    );
  });

  it('is withdrawn before it arrives, so a later delivery finds the stream taken', () => {
    expect(decide([], withdraw)).toEqual([withdrawn]);
  });
});
