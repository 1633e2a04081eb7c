import { randomUUID } from 'node:crypto';
import { createEmbeddedBus, type EventBus } from '@digital-post/bus';
import { engineNames, openEngine, type OpenedEngine } from '@digital-post/event-store/testing';
import { newCpr, waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue } from '../dispatch/outbox.ts';
import { createSmsProvider } from '../dispatch/smsProvider.ts';
import { createSmtpProvider } from '../dispatch/smtpProvider.ts';
import { createNotificationService, type NotificationService } from '../notificationService.ts';
import { startSmsSink, type SmsSink } from '../testing/smsSink.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtpSink.ts';

describe.each(engineNames)('notices of new post on %s', (engine) => {
  let sut: OpenedEngine;
  let bus: EventBus;
  let smtp: SmtpSink;
  let sms: SmsSink;
  let service: NotificationService;
  let now = Date.parse('2026-12-01T10:00:00.000Z');

  beforeAll(async () => {
    sut = await openEngine(engine, 'notification');
    bus = await createEmbeddedBus(sut.store, sut.db);
    smtp = await startSmtpSink((to) => (to.startsWith('gone@') ? 550 : undefined));
    sms = await startSmsSink((to) => (to === '+4599999999' ? 503 : undefined));
    service = createNotificationService({
      store: sut.store,
      db: sut.db,
      bus,
      providers: {
        email: createSmtpProvider({ url: smtp.url, from: 'ikke-svar@digitalpost.dk' }),
        sms: createSmsProvider({ url: sms.url, token: sms.token, sender: 'DigitalPost' }),
      },
      // The test runs each round of the dispatcher itself.
      dispatchEveryMs: 3_600_000,
      dispatch: { maxAttempts: 2, claimMs: 60_000, backoffMs: () => 60_000 },
      now: () => new Date(now),
    });
    await service.start();
  });
  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await smtp?.close();
    await sms?.close();
    await sut?.dispose();
  });

  const owner = async (details: { phone: string | null; email: string | null }) => {
    const mailboxId = `cpr:${newCpr()}`;
    await service.noticeDetails.change(mailboxId, details);
    return mailboxId;
  };

  /** What the mailbox publishes as a letter arrives. */
  const deliver = async (mailboxId: string, senderId = 'authority:skat') => {
    const messageId = randomUUID();
    await sut.store.append(`mailbox-${mailboxId}.${messageId}`, [
      {
        type: 'MessageDelivered',
        schemaVersion: 2,
        data: {
          messageId,
          mailboxId,
          forwardingRuleId: null,
          deliveredAt: new Date(now).toISOString(),
          senderId,
          threadId: messageId,
          legalNotification: false,
          replyAllowed: false,
        },
      },
    ]);
    return messageId;
  };

  const noticesOf = (mailboxId: string) =>
    sut.db.query<{ channel: string; state: string; message_ids: string[] }>(
      'select channel, state, message_ids from notification.notices where mailbox_id = $1 order by channel',
      [mailboxId],
    );
  const eventsOf = async (mailboxId: string) => {
    const rows = await sut.db.query<{ notice_id: string }>(
      'select notice_id::text from notification.notices where mailbox_id = $1',
      [mailboxId],
    );
    const streams = await Promise.all(
      rows.map((row) => sut.store.readStream(`notification-${row.notice_id}`)),
    );
    return streams.flat();
  };
  const lettersNoticed = async (mailboxId: string, count: number) =>
    waitFor(async () => {
      const notices = await noticesOf(mailboxId);
      const named = notices.reduce((sum, notice) => sum + notice.message_ids.length, 0);
      return named === count && notices;
    });

  it('tells of three letters in a minute with one e-mail and one SMS, naming no letter', async () => {
    const mailboxId = await owner({ phone: '+4512345678', email: 'anna@example.dk' });
    const letters = [await deliver(mailboxId)];
    now += 20_000;
    letters.push(await deliver(mailboxId, 'authority:kk'));
    now += 20_000;
    letters.push(await deliver(mailboxId));
    const notices = await lettersNoticed(mailboxId, 6);
    expect(notices.map((notice) => [notice.channel, notice.message_ids.length])).toEqual([
      ['email', 3],
      ['sms', 3],
    ]);
    await service.dispatchDue();
    const mails = smtp.received.filter((mail) => mail.to.includes('anna@example.dk'));
    const texts = sms.received.filter((message) => message.to === '+4512345678');
    expect(mails).toHaveLength(1);
    expect(texts).toHaveLength(1);
    for (const words of [mails[0]!.text, texts[0]!.text]) {
      expect(words).toMatch(/ny post fra skat, kk i Digital Post/);
      for (const letter of letters) expect(words).not.toContain(letter);
    }
    const sent = (await eventsOf(mailboxId)).filter((event) => event.type === 'NoticeSent');
    expect(sent.map((event) => (event.data as { messageIds: string[] }).messageIds)).toEqual([
      letters,
      letters,
    ]);
    expect(JSON.stringify(await eventsOf(mailboxId))).not.toMatch(/anna@|4512345678/);
    // Within the window, a letter after the notice went out brings no second one.
    now += 60_000;
    await deliver(mailboxId);
    await service.dispatchDue();
    expect(smtp.received.filter((mail) => mail.to.includes('anna@example.dk'))).toHaveLength(1);
  });

  it('queues nothing for an owner who registered no details', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    const marker = await owner({ phone: null, email: 'marker@example.dk' });
    await deliver(mailboxId);
    await deliver(marker);
    await lettersNoticed(marker, 1);
    expect(await noticesOf(mailboxId)).toEqual([]);
  });

  it('fails a refused address for good, and gives up on a provider that stays down', async () => {
    const refused = await owner({ phone: null, email: 'gone@example.dk' });
    const down = await owner({ phone: '+4599999999', email: null });
    await deliver(refused);
    await deliver(down);
    await lettersNoticed(refused, 1);
    await lettersNoticed(down, 1);
    await service.dispatchDue();
    expect((await noticesOf(refused))[0]!.state).toBe('failed');
    expect((await noticesOf(down))[0]!.state).toBe('queued');
    now += 60_000;
    await service.dispatchDue();
    expect((await noticesOf(down))[0]!.state).toBe('failed');
    const failures = [...(await eventsOf(refused)), ...(await eventsOf(down))]
      .filter((event) => event.type === 'NoticeFailed')
      .map((event) => (event.data as { failure: string }).failure);
    expect(failures.sort()).toEqual(['address_refused', 'tries_exhausted']);
  });

  it('after a crash between the provider taking a notice and its record, sends none twice', async () => {
    const mailboxId = await owner({ phone: '+4587654321', email: 'bo@example.dk' });
    await deliver(mailboxId);
    await lettersNoticed(mailboxId, 2);
    // A dispatcher takes both into hand, the providers take them, and it dies before it records.
    const claimed = await claimDue(
      sut.db,
      ['sms', 'email'],
      100,
      new Date(now),
      new Date(now + 60_000),
    );
    const mine = claimed.filter((notice) => notice.mailboxId === mailboxId);
    expect(mine).toHaveLength(2);
    const providers = {
      email: createSmtpProvider({ url: smtp.url, from: 'ikke-svar@digitalpost.dk' }),
      sms: createSmsProvider({ url: sms.url, token: sms.token, sender: 'DigitalPost' }),
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
    now += 61_000;
    await service.dispatchDue();
    await service.dispatchDue();
    expect(smtp.received.filter((mail) => mail.to.includes('bo@example.dk'))).toHaveLength(1);
    expect(sms.received.filter((message) => message.to === '+4587654321')).toHaveLength(1);
    const outcomes = Object.fromEntries(
      (await eventsOf(mailboxId))
        .filter((event) => event.type !== 'NoticeQueued')
        .map((event) => [(event.data as { channel: string }).channel, event.type]),
    );
    // The SMS provider keeps the notice's key, so it was handed again and recorded as sent; an
    // e-mail may have gone, so it is not handed again and is listed as not known.
    expect(outcomes).toEqual({ sms: 'NoticeSent', email: 'NoticeFailed' });
  });
});
