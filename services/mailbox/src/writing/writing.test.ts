import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writtenLetterStreamOf, type MessageAccepted } from '@digital-post/contracts';
import { waitFor } from '@digital-post/testing';
import type { Acting } from '../shared/acting.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';

const anna = 'cpr:0101901234';
const acting: Acting = {
  person: { kind: 'citizen', cpr: '0101901234' },
  viewingClient: 'borger_dk',
};
// Anna's son, to whom she gave full access (fuld adgang).
const son: Acting = {
  person: { kind: 'citizen', cpr: '0202051234' },
  viewingClient: 'digital_post_app',
};
let fx: MailboxFixture;
let clock = new Date();

beforeAll(async () => {
  fx = await openMailboxFixture({
    now: () => clock,
    access: {
      rightsOf: async (person) =>
        person.kind === 'citizen' && person.cpr === '0202051234'
          ? [{ mailboxId: anna, right: 'write', endsAt: null }]
          : [],
    },
  });
});
afterAll(() => fx.close());

/** What routing does with a letter written to an authority: deliver it to the authority's mailbox. */
const routeToAuthority = async (messageId: string, mailboxId: string) => {
  const data = {
    messageId,
    channel: 'digital',
    recipientMailboxId: mailboxId,
    forwardingRuleId: null,
    forwardingRuleVersion: null,
    decidedAt: clock.toISOString(),
    routerRelease: 't',
    decisionBasis: 'recipient_enrolled',
  };
  await fx.store.append(`routing-${messageId}`, [
    // A decision as recorded before it carried the letter: the mailbox reads the acceptance.
    { type: 'MessageRouted', schemaVersion: 2, data },
  ]);
  await waitFor(() => fx.isDelivered(mailboxId, messageId));
};

describe('writing to authorities', () => {
  it('accepts a new letter for routing, keeps it in sent, and logs the write', async () => {
    const draft = {
      title: 'Question about my tax',
      text: 'Hello',
      attachments: [{ name: 'a.txt', mimeType: 'text/plain', bytes: Buffer.from('x') }],
    };
    const { messageId, threadId } = await fx.mailbox.port.writeMessage(acting, anna, 'skat', draft);
    expect(threadId).toBe(messageId);
    // In the mailbox's own category: the sender API alone writes `message-` streams.
    const [accepted] = await fx.store.readStream(writtenLetterStreamOf(messageId));
    expect(accepted!.data as MessageAccepted).toMatchObject({
      senderId: anna,
      recipient: { kind: 'authority', id: 'skat' },
      legalNotification: false,
    });
    expect((accepted!.data as MessageAccepted).documents).toHaveLength(2);
    expect(accepted).toMatchObject({
      schemaVersion: 3,
      data: { letterSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const sent = await fx.mailbox.port.listMessages(acting, anna, { folderId: 'sent' });
    expect(sent.messages.find((m) => m.messageId === messageId)).toMatchObject({
      title: 'Question about my tax',
      direction: 'outgoing',
      recipientId: 'authority:skat',
      read: true,
    });
    const log = await fx.mailbox.port.readEventLog(acting, anna, {});
    expect(log.entries.at(-1)).toMatchObject({
      eventType: 'MessageWritten',
      actorId: anna,
      viewingClient: 'borger_dk',
    });
  });

  it('threads a reply with the letter it answers, through to the authority', async () => {
    const original = await fx.deliver({
      recipientMailboxId: anna,
      senderId: 'authority:kk',
      replyAllowed: true,
    });
    const reply = await fx.mailbox.port.reply(acting, anna, original, {
      title: 'Re: your letter',
      text: 'Thanks',
    });
    expect(reply.threadId).toBe(original);
    await routeToAuthority(reply.messageId, 'authority:kk');
    const atAuthority = (await fx.store.readStream(`mailbox-authority:kk.${reply.messageId}`))[0]!;
    expect(atAuthority.data).toMatchObject({
      threadId: original,
      senderId: anna,
      replyAllowed: true,
    });
    expect((await fx.content.getLetter(reply.messageId))?.inReplyTo).toBe(original);
  });

  it('refuses a reply to a letter that allows none, or after its reply-by time', async () => {
    const closed = await fx.deliver({ recipientMailboxId: anna, replyAllowed: false });
    await expect(
      fx.mailbox.port.reply(acting, anna, closed, { title: 'x', text: 'y' }),
    ).rejects.toMatchObject({ rule: 'reply-not-allowed' });
    const due = await fx.deliver({
      recipientMailboxId: anna,
      replyAllowed: true,
      replyByDateTime: new Date(clock.getTime() + 60_000).toISOString(),
    });
    clock = new Date(clock.getTime() + 120_000);
    await expect(
      fx.mailbox.port.reply(acting, anna, due, { title: 'x', text: 'y' }),
    ).rejects.toMatchObject({ rule: 'reply-deadline-passed' });
  });

  it("names at the top of a letter written on the owner's behalf who wrote it, for every reader", async () => {
    const { messageId } = await fx.mailbox.port.writeMessage(son, anna, 'skat', {
      title: 'For my mother',
      text: 'She asks whether the statement is right.',
    });
    const writtenBy = { actorId: 'cpr:0202051234', onBehalfOf: anna };
    expect((await fx.content.getLetter(messageId))?.writtenBy).toEqual(writtenBy);
    expect((await fx.mailbox.port.openMessage(acting, anna, messageId)).content).toMatchObject({
      writtenBy,
    });
    // Her own letters carry no such line.
    const own = await fx.mailbox.port.writeMessage(acting, anna, 'skat', { title: 'x', text: 'y' });
    expect((await fx.content.getLetter(own.messageId))?.writtenBy).toBeUndefined();
  });
});
