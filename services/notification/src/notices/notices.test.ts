import { randomUUID } from 'node:crypto';
import { engineNames } from '@digital-post/event-store/testing';
import { newCpr } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue } from '../dispatch/outbox.ts';
import { createSmsProvider } from '../dispatch/smsProvider.ts';
import { createSmtpProvider } from '../dispatch/smtpProvider.ts';
import {
  openNotificationHarness,
  type NotificationHarness,
} from '../testing/notificationHarness.ts';

describe.each(engineNames)('notices of new post on %s', (engine) => {
  let h: NotificationHarness;
  beforeAll(async () => {
    h = await openNotificationHarness(engine, {
      email: (to) => (to.startsWith('gone@') ? 550 : undefined),
      sms: (to) => (to === '+4599999999' ? 503 : undefined),
    });
  });
  afterAll(() => h?.close());

  it('tells of three letters in a minute with one e-mail and one SMS, naming no letter', async () => {
    const mailboxId = await h.owner({ phone: '+4512345678', email: 'anna@example.dk' });
    const letters = [await h.deliver(mailboxId)];
    h.clock.now += 20_000;
    letters.push(await h.deliver(mailboxId, { senderId: 'authority:kk' }));
    h.clock.now += 20_000;
    letters.push(await h.deliver(mailboxId));
    const notices = await h.lettersNoticed(mailboxId, 6);
    expect(notices.map((notice) => [notice.channel, notice.message_ids.length])).toEqual([
      ['email', 3],
      ['sms', 3],
    ]);
    await h.service.dispatchDue();
    const mails = h.smtp.received.filter((mail) => mail.to.includes('anna@example.dk'));
    const texts = h.sms.received.filter((message) => message.to === '+4512345678');
    expect(mails).toHaveLength(1);
    expect(texts).toHaveLength(1);
    for (const words of [mails[0]!.text, texts[0]!.text]) {
      expect(words).toMatch(/ny post fra skat, kk i Digital Post/);
      for (const letter of letters) expect(words).not.toContain(letter);
    }
    const sent = (await h.eventsOf(mailboxId)).filter((event) => event.type === 'NoticeSent');
    expect(sent.map((event) => (event.data as { messageIds: string[] }).messageIds)).toEqual([
      letters,
      letters,
    ]);
    expect(JSON.stringify(await h.eventsOf(mailboxId))).not.toMatch(/anna@|4512345678/);
    // Within the window, a letter after the notice went out brings no second one.
    h.clock.now += 60_000;
    await h.deliver(mailboxId);
    await h.service.dispatchDue();
    expect(h.smtp.received.filter((mail) => mail.to.includes('anna@example.dk'))).toHaveLength(1);
  });

  it('tells a company and an authority at the addresses their administrators registered', async () => {
    const organisations = [
      `cvr:${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      `authority:kommune-${randomUUID().slice(0, 8)}`,
    ].map((mailboxId) => ({ mailboxId, email: `post-${randomUUID()}@example.dk` }));
    for (const { mailboxId, email } of organisations) {
      // As the gateway does when an administrator registers them: the same port, any mailbox.
      await h.service.noticeDetails.change(mailboxId, { phone: null, email });
      await h.deliver(mailboxId, { senderId: `cpr:${newCpr()}` });
      await h.lettersNoticed(mailboxId, 1);
    }
    await h.service.dispatchDue();
    for (const { mailboxId, email } of organisations) {
      const mails = h.smtp.received.filter((mail) => mail.to.includes(email));
      expect(mails, mailboxId).toHaveLength(1);
      // A letter from a person names no one in the notice: "a sender".
      expect(mails[0]!.text).toMatch(/ny post fra en afsender i Digital Post/);
      const sent = (await h.eventsOf(mailboxId)).filter((event) => event.type === 'NoticeSent');
      expect(sent.map((event) => (event.data as { channel: string }).channel)).toEqual(['email']);
    }
  });

  it('queues nothing for an owner who registered no details', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    const marker = await h.owner({ phone: null, email: 'marker@example.dk' });
    await h.deliver(mailboxId);
    await h.deliver(marker);
    await h.lettersNoticed(marker, 1);
    expect(await h.noticesOf(mailboxId)).toEqual([]);
  });

  it('fails a refused address for good, and gives up on a provider that stays down', async () => {
    const refused = await h.owner({ phone: null, email: 'gone@example.dk' });
    const down = await h.owner({ phone: '+4599999999', email: null });
    await h.deliver(refused);
    await h.deliver(down);
    await h.lettersNoticed(refused, 1);
    await h.lettersNoticed(down, 1);
    await h.service.dispatchDue();
    expect((await h.noticesOf(refused))[0]!.state).toBe('failed');
    expect((await h.noticesOf(down))[0]!.state).toBe('queued');
    h.clock.now += 60_000;
    await h.service.dispatchDue();
    expect((await h.noticesOf(down))[0]!.state).toBe('failed');
    const failures = [...(await h.eventsOf(refused)), ...(await h.eventsOf(down))]
      .filter((event) => event.type === 'NoticeFailed')
      .map((event) => (event.data as { failure: string }).failure);
    expect(failures.sort()).toEqual(['address_refused', 'tries_exhausted']);
    // The owner sees the refused address with their details, until they change it.
    expect((await h.service.noticeDetails.read(refused))?.failing).toEqual(['email']);
    expect((await h.service.noticeDetails.read(down))?.failing).toEqual([]);
    const corrected = await h.service.noticeDetails.change(refused, {
      phone: null,
      email: 'anna.new@example.dk',
    });
    expect(corrected.failing).toEqual([]);
  });

  it('after a crash between the provider taking a notice and its record, sends none twice', async () => {
    const mailboxId = await h.owner({ phone: '+4587654321', email: 'bo@example.dk' });
    await h.deliver(mailboxId);
    await h.lettersNoticed(mailboxId, 2);
    // A dispatcher takes both into hand, the providers take them, and it dies before it records.
    const claimed = await claimDue(
      h.sut.db,
      ['sms', 'email'],
      100,
      new Date(h.clock.now),
      new Date(h.clock.now + 60_000),
    );
    const mine = claimed.filter((notice) => notice.mailboxId === mailboxId);
    expect(mine).toHaveLength(2);
    const providers = {
      email: createSmtpProvider({ url: h.smtp.url, from: 'ikke-svar@digitalpost.dk' }),
      sms: createSmsProvider({ url: h.sms.url, token: h.sms.token, sender: 'DigitalPost' }),
    };
    for (const notice of mine) {
      const to = notice.channel === 'sms' ? '+4587654321' : 'bo@example.dk';
      await providers[notice.channel].send({
        noticeId: notice.noticeId,
        to,
        subject: 's',
        text: 't',
      });
    }
    await providers.email.close();
    // Its claim runs out; the next round finds what it held.
    h.clock.now += 61_000;
    await h.service.dispatchDue();
    await h.service.dispatchDue();
    expect(h.smtp.received.filter((mail) => mail.to.includes('bo@example.dk'))).toHaveLength(1);
    expect(h.sms.received.filter((message) => message.to === '+4587654321')).toHaveLength(1);
    const outcomes = Object.fromEntries(
      (await h.eventsOf(mailboxId))
        .filter((event) => event.type !== 'NoticeQueued')
        .map((event) => [(event.data as { channel: string }).channel, event.type]),
    );
    // The SMS provider keeps the notice's key, so it was handed again and recorded as sent; an
    // e-mail may have gone, so it is not handed again and is listed as not known.
    expect(outcomes).toEqual({ sms: 'NoticeSent', email: 'NoticeFailed' });
  });

  it('holds an SMS due at night until the morning, and sends the e-mail at once', async () => {
    // 23:00 in Copenhagen (UTC+1 in December); 07:00 is 06:00 UTC.
    const night = new Date(h.clock.now);
    night.setUTCHours(22, 0, 0, 0);
    h.clock.now = night.getTime() + 24 * 3_600_000;
    const mailboxId = await h.owner({ phone: '+4522334455', email: 'night@example.dk' });
    await h.deliver(mailboxId);
    await h.lettersNoticed(mailboxId, 2);
    await h.service.dispatchDue();
    const texts = () => h.sms.received.filter((message) => message.to === '+4522334455');
    expect(h.smtp.received.filter((mail) => mail.to.includes('night@example.dk'))).toHaveLength(1);
    expect(texts()).toHaveLength(0);
    h.clock.now += 8 * 3_600_000 - 60_000;
    await h.service.dispatchDue();
    expect(texts()).toHaveLength(0);
    h.clock.now += 60_000;
    await h.service.dispatchDue();
    expect(texts()).toHaveLength(1);
  });
});
