import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyError } from '@digital-post/event-store';
import { DomainRuleError } from '@digital-post/service-kit';
import type { Acting } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';

const anna = 'cpr:0101901234';
const inEboks: Acting = { person: { kind: 'citizen', cpr: '0101901234' }, viewingClient: 'e_boks' };
const inApp: Acting = { ...inEboks, viewingClient: 'digital_post_app' };
const bo: Acting = { person: { kind: 'citizen', cpr: '0202802345' }, viewingClient: 'mit_dk' };
let fx: MailboxFixture;

beforeAll(async () => {
  fx = await openMailboxFixture();
});
afterAll(() => fx.close());

const titleRow = async (messageId: string) =>
  (
    await fx.db.query<{ title: string | null }>(
      'select title from mailbox.letters where mailbox_id = $1 and message_id = $2',
      [anna, messageId],
    )
  )[0]?.title;

const streamTypes = async (messageId: string) =>
  (await fx.store.readStream(`mailbox-${anna}.${messageId}`)).map((event) => event.type);

describe('reading letters', () => {
  it('lists a delivered letter with its title, unread, in the inbox', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna, title: 'Årsopgørelse 2024' });
    const { messages, state } = await fx.mailbox.port.listMessages(inApp, anna, {
      unreadOnly: true,
    });
    expect(messages.find((m) => m.messageId === messageId)).toMatchObject({
      title: 'Årsopgørelse 2024',
      read: false,
      folderId: 'inbox',
      version: 1,
    });
    expect(Number(state)).toBeGreaterThan(0);
  });

  it('keeps the title in the read model, so a listing reads nothing else', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna, title: 'Pensionsmeddelelse' });
    expect(await titleRow(messageId)).toBe('Pensionsmeddelelse');
  });

  it('lists a letter projected before titles were kept with its title all the same', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna, title: 'Fra før' });
    await fx.db.query('update mailbox.letters set title = null where message_id = $1', [messageId]);
    const { messages } = await fx.mailbox.port.listMessages(inApp, anna, {});
    expect(messages.find((m) => m.messageId === messageId)?.title).toBe('Fra før');
  });

  it('answers an empty page and state 0 for a mailbox that has had no letters', async () => {
    const acting: Acting = {
      person: { kind: 'citizen', cpr: '0505505678' },
      viewingClient: 'mit_dk',
    };
    const page = await fx.mailbox.port.listMessages(acting, 'cpr:0505505678', {});
    expect(page).toEqual({ messages: [], nextCursor: null, state: '0' });
  });

  it('logs an open with the actor and client, and shows the letter read everywhere', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    const opened = await fx.mailbox.port.openMessage(inEboks, anna, messageId);
    expect(opened.letter).toMatchObject({ read: true, version: 3 });
    expect(opened.content?.documents[0]?.files).toHaveLength(1);
    const [, open] = await fx.store.readStream(`mailbox-${anna}.${messageId}`);
    expect(open).toMatchObject({
      type: 'MessageOpened',
      data: { actorId: anna, onBehalfOf: null, viewingClient: 'e_boks' },
      metadata: { actor: { kind: 'citizen', id: anna, client: 'e_boks' } },
    });
    const listed = await fx.mailbox.port.listMessages(inApp, anna, { unreadOnly: true });
    expect(listed.messages.map((m) => m.messageId)).not.toContain(messageId);
  });

  it('serves a legal notification exactly once, even when opened at once in two clients', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna, legalNotification: true });
    await Promise.all([
      fx.mailbox.port.openMessage(inEboks, anna, messageId),
      fx.mailbox.port.openMessage(inApp, anna, messageId),
    ]);
    await fx.mailbox.port.openMessage(inApp, anna, messageId);
    const types = await streamTypes(messageId);
    expect(types.filter((type) => type === 'LegalNotificationServed')).toHaveLength(1);
    expect(types.filter((type) => type === 'MessageOpened')).toHaveLength(3);
  });

  it('pages through a folder with a cursor, newest first', async () => {
    const mailbox = 'cpr:0303703456';
    const acting: Acting = {
      person: { kind: 'citizen', cpr: '0303703456' },
      viewingClient: 'borger_dk',
    };
    for (let i = 0; i < 3; i += 1) await fx.deliver({ recipientMailboxId: mailbox });
    const first = await fx.mailbox.port.listMessages(acting, mailbox, { limit: 2 });
    const second = await fx.mailbox.port.listMessages(acting, mailbox, {
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(first.messages).toHaveLength(2);
    expect(second.messages).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    await expect(
      fx.mailbox.port.listMessages(acting, mailbox, { cursor: 'nonsense' }),
    ).rejects.toThrow(/cursor/);
  });

  it('serves only files the letter refers to', async () => {
    const bytes = Buffer.from('%PDF the letter');
    const messageId = await fx.deliver({
      recipientMailboxId: anna,
      attachment: { name: 'a.pdf', mimeType: 'application/pdf', bytes },
    });
    const sha = (await fx.content.getLetter(messageId))!.documents[0]!.files[0]!.sha256;
    expect((await fx.mailbox.port.getFile(inEboks, anna, messageId, sha)).bytes).toEqual(bytes);
    const other = await fx.content.putFile(Buffer.from('someone else'));
    await expect(fx.mailbox.port.getFile(inEboks, anna, messageId, other.sha256)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('serves a file as its letter names it, whatever anyone stored the same bytes as', async () => {
    const bytes = Buffer.from(`%PDF a short templated letter ${crypto.randomUUID()}`);
    // Someone stored these bytes first, under a type that would run in a viewing client.
    const first = await fx.content.putFile(bytes);
    await fx.db.query('update content.files set mime_type = $1 where sha256 = $2', [
      'text/html',
      first.sha256,
    ]);
    const messageId = await fx.deliver({
      recipientMailboxId: anna,
      attachment: { name: 'assessment.pdf', mimeType: 'application/pdf', bytes },
    });
    const file = await fx.mailbox.port.getFile(inEboks, anna, messageId, first.sha256);
    expect(file).toMatchObject({ name: 'assessment.pdf', mimeType: 'application/pdf' });
    expect(file.bytes).toEqual(bytes);
  });

  it('answers for another person exactly as for a mailbox that does not exist', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    await expect(fx.mailbox.port.openMessage(bo, anna, messageId)).rejects.toThrow(
      new NotFoundError('mailbox'),
    );
    await expect(fx.mailbox.port.listMessages(bo, 'cpr:9999999999', {})).rejects.toThrow(
      new NotFoundError('mailbox'),
    );
    expect(await streamTypes(messageId)).toEqual(['MessageDelivered']);
  });
});

describe('changing letters', () => {
  it('marks read and unread with the version the client saw, refusing a stale one', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    const { version } = await fx.mailbox.port.markRead(inEboks, anna, messageId, 1);
    expect(version).toBe(2);
    await expect(fx.mailbox.port.markUnread(inApp, anna, messageId, 1)).rejects.toThrow(
      ConcurrencyError,
    );
    expect((await fx.mailbox.port.markUnread(inApp, anna, messageId, 2)).version).toBe(3);
  });

  it('moves to an existing folder only', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    expect((await fx.mailbox.port.move(inEboks, anna, messageId, 'archive', 1)).version).toBe(2);
    const archived = await fx.mailbox.port.listMessages(inEboks, anna, { folderId: 'archive' });
    expect(archived.messages.map((m) => m.messageId)).toContain(messageId);
    await expect(
      fx.mailbox.port.move(inEboks, anna, messageId, 'no-such-folder', 2),
    ).rejects.toThrow(DomainRuleError);
  });

  it('deletes to the trash, then for good, after which nothing of it is served', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    expect(await fx.mailbox.port.delete(inEboks, anna, messageId)).toEqual({
      version: 2,
      permanently: false,
    });
    const trash = await fx.mailbox.port.listMessages(inEboks, anna, { folderId: 'trash' });
    expect(trash.messages.map((m) => m.messageId)).toContain(messageId);
    expect(await fx.mailbox.port.delete(inEboks, anna, messageId)).toEqual({
      version: 3,
      permanently: true,
    });
    await expect(fx.mailbox.port.openMessage(inEboks, anna, messageId)).rejects.toThrow(
      NotFoundError,
    );
    // The row stays for the change feed; the title, content, goes with the letter.
    expect(await titleRow(messageId)).toBeNull();
    const sha = (await fx.content.getLetter(messageId))!.documents[0]!.files[0]!.sha256;
    await expect(fx.mailbox.port.getFile(inEboks, anna, messageId, sha)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('keeps the owner an event log of every act', async () => {
    const mailbox = 'cpr:0404604567';
    const acting: Acting = {
      person: { kind: 'citizen', cpr: '0404604567' },
      viewingClient: 'mit_dk',
    };
    const messageId = await fx.deliver({ recipientMailboxId: mailbox });
    await fx.mailbox.port.openMessage(acting, mailbox, messageId);
    await fx.mailbox.port.delete(acting, mailbox, messageId);
    const { entries } = await fx.mailbox.port.readEventLog(acting, mailbox, {});
    expect(entries.map((entry) => entry.eventType)).toEqual([
      'MessageDelivered',
      'MessageOpened',
      'MessageMarkedRead',
      'MessageDeleted',
    ]);
    expect(entries[1]).toMatchObject({
      messageId,
      actorId: mailbox,
      onBehalfOf: null,
      viewingClient: 'mit_dk',
    });
  });
});
