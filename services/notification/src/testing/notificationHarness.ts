import { randomUUID } from 'node:crypto';
import { createEmbeddedBus, type EventBus } from '@digital-post/bus';
import type { RecordedEvent } from '@digital-post/event-store';
import { openEngine, type EngineName, type OpenedEngine } from '@digital-post/event-store/testing';
import { newCpr, waitFor } from '@digital-post/testing';
import { createSmsProvider } from '../dispatch/smsProvider.ts';
import { createSmtpProvider } from '../dispatch/smtpProvider.ts';
import {
  createNotificationService,
  type NotificationService,
  type NotificationServiceOptions,
} from '../notificationService.ts';
import { startSmsSink, type NumberAnswer, type SmsSink } from './smsSink.ts';
import { startSmtpSink, type RecipientAnswer, type SmtpSink } from './smtpSink.ts';

export interface NotificationHarness {
  sut: OpenedEngine;
  service: NotificationService;
  smtp: SmtpSink;
  sms: SmsSink;
  /** The service's clock, in milliseconds: move it forward to let time pass. */
  clock: { now: number };
  /** An owner with these details registered; their mailbox id. */
  owner(details: { phone: string | null; email: string | null }): Promise<string>;
  /** What the mailbox publishes as a letter arrives; its id. */
  deliver(mailboxId: string, letter?: { senderId?: string; legal?: boolean }): Promise<string>;
  /** What the mailbox publishes as a viewing client opens a letter. */
  open(mailboxId: string, messageId: string): Promise<void>;
  /** What the mailbox publishes as an operator withdraws a misdelivered letter. */
  withdraw(mailboxId: string, messageId: string): Promise<void>;
  /** The mailbox's notices in the outbox, oldest first. */
  noticesOf(mailboxId: string): Promise<
    Array<{
      channel: string;
      reason: string;
      state: string;
      message_ids: string[];
      sender_ids: string[];
    }>
  >;
  eventsOf(mailboxId: string): Promise<RecordedEvent[]>;
  /** Waits until the mailbox's notices name this many letters in all; the notices. */
  lettersNoticed(mailboxId: string, count: number): ReturnType<NotificationHarness['noticesOf']>;
  close(): Promise<void>;
}

/**
 * The notification service on one engine and the embedded bus, sending to a real SMTP server and
 * an SMS provider's stand-in on loopback, with a clock the test moves. Its dispatcher's timer is
 * too slow to run: a test runs each round itself (`service.dispatchDue()`).
 */
export const openNotificationHarness = async (
  engine: EngineName,
  answers: { email?: RecipientAnswer; sms?: NumberAnswer } = {},
  options: Partial<NotificationServiceOptions> = {},
): Promise<NotificationHarness> => {
  const sut = await openEngine(engine, 'notification');
  const bus: EventBus = await createEmbeddedBus(sut.store, sut.db);
  const smtp = await startSmtpSink(answers.email);
  const sms = await startSmsSink(answers.sms);
  const clock = { now: Date.parse('2026-12-01T10:00:00.000Z') };
  const service = createNotificationService({
    store: sut.store,
    db: sut.db,
    bus,
    providers: {
      email: createSmtpProvider({ url: smtp.url, from: 'ikke-svar@digitalpost.dk' }),
      sms: createSmsProvider({ url: sms.url, token: sms.token, sender: 'DigitalPost' }),
    },
    dispatchEveryMs: 3_600_000,
    dispatch: { maxAttempts: 2, claimMs: 60_000, backoffMs: () => 60_000 },
    now: () => new Date(clock.now),
    ...options,
  });
  await service.start();
  const append = (mailboxId: string, messageId: string, type: string, data: object) =>
    sut.store.append(`mailbox-${mailboxId}.${messageId}`, [
      { type, schemaVersion: type === 'MessageDelivered' ? 2 : 1, data },
    ]);
  const noticesOf: NotificationHarness['noticesOf'] = (mailboxId) =>
    sut.db.query(
      `select channel, reason, state, message_ids, sender_ids from notification.notices
        where mailbox_id = $1 order by queued_at, channel`,
      [mailboxId],
    );
  return {
    sut,
    service,
    smtp,
    sms,
    clock,
    owner: async (details) => {
      const mailboxId = `cpr:${newCpr()}`;
      await service.noticeDetails.change(mailboxId, details);
      return mailboxId;
    },
    deliver: async (mailboxId, { senderId = 'authority:skat', legal = false } = {}) => {
      const messageId = randomUUID();
      await append(mailboxId, messageId, 'MessageDelivered', {
        messageId,
        mailboxId,
        forwardingRuleId: null,
        deliveredAt: new Date(clock.now).toISOString(),
        senderId,
        threadId: messageId,
        legalNotification: legal,
        replyAllowed: false,
      });
      return messageId;
    },
    open: async (mailboxId, messageId) => {
      await append(mailboxId, messageId, 'MessageOpened', {
        messageId,
        mailboxId,
        actorId: mailboxId,
        onBehalfOf: null,
        viewingClient: 'e_boks',
        openedAt: new Date(clock.now).toISOString(),
      });
    },
    withdraw: async (mailboxId, messageId) => {
      await append(mailboxId, messageId, 'MessageWithdrawn', {
        messageId,
        mailboxId,
        caseReference: 'INC-1',
        withdrawnAt: new Date(clock.now).toISOString(),
      });
    },
    noticesOf,
    eventsOf: async (mailboxId) => {
      const rows = await sut.db.query<{ notice_id: string }>(
        'select notice_id::text from notification.notices where mailbox_id = $1',
        [mailboxId],
      );
      const streams = await Promise.all(
        rows.map((row) => sut.store.readStream(`notification-${row.notice_id}`)),
      );
      return streams.flat();
    },
    lettersNoticed: (mailboxId, count) =>
      waitFor(async () => {
        const notices = await noticesOf(mailboxId);
        const named = notices.reduce((sum, notice) => sum + notice.message_ids.length, 0);
        return named === count && notices;
      }),
    close: async () => {
      await service.stop();
      await bus.close();
      await smtp.close();
      await sms.close();
      await sut.dispose();
    },
  };
};
