import { engineNames } from '@digital-post/event-store/testing';
import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openNotificationHarness,
  type NotificationHarness,
} from '../testing/notificationHarness.ts';
import { DEFAULT_QUIET_PERIOD } from './quietHours.ts';
import { queueDueReminders } from './reminders.ts';

const DAY = 24 * 3_600_000;

describe.each(engineNames)('reminders of unread legal notifications on %s', (engine) => {
  let h: NotificationHarness;
  beforeAll(async () => {
    h = await openNotificationHarness(engine, {}, { reminderAfterMs: 7 * DAY });
  });
  afterAll(() => h?.close());

  const mailsTo = (address: string) => h.smtp.received.filter((mail) => mail.to.includes(address));

  it('reminds once of a legal notification left unopened for seven days', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'unread@example.dk' });
    await h.deliver(mailboxId, { legal: true });
    await h.lettersNoticed(mailboxId, 1);
    await h.service.dispatchDue();
    h.clock.now += 7 * DAY - 60_000;
    await h.service.dispatchDue();
    expect(mailsTo('unread@example.dk')).toHaveLength(1);
    h.clock.now += 60_000;
    await h.service.dispatchDue();
    await h.service.dispatchDue();
    const mails = mailsTo('unread@example.dk');
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toMatch(/Påmindelse/);
    expect((await h.noticesOf(mailboxId)).map((notice) => notice.reason)).toEqual([
      'new_post',
      'reminder',
    ]);
  });

  it('never reminds of a letter opened in any viewing client', async () => {
    const mailboxId = await h.owner({ phone: '+4511223344', email: 'read@example.dk' });
    const letter = await h.deliver(mailboxId, { legal: true });
    await h.lettersNoticed(mailboxId, 2);
    await h.open(mailboxId, letter);
    h.clock.now += 8 * DAY;
    await waitForReminderEnded(mailboxId, letter);
    await h.service.dispatchDue();
    expect((await h.noticesOf(mailboxId)).map((notice) => notice.reason)).toEqual([
      'new_post',
      'new_post',
    ]);
  });

  it('cancels a reminder already queued when the open comes before it is sent', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'race@example.dk' });
    const letter = await h.deliver(mailboxId, { legal: true });
    await h.lettersNoticed(mailboxId, 1);
    await h.service.dispatchDue();
    h.clock.now += 7 * DAY;
    // The reminder falls due and is queued; the owner opens the letter before it goes.
    const deps = { db: h.sut.db, store: h.sut.store, quiet: DEFAULT_QUIET_PERIOD };
    await queueDueReminders(deps, new Date(h.clock.now), 100);
    await h.open(mailboxId, letter);
    await waitForCancelled(mailboxId);
    await h.service.dispatchDue();
    expect(mailsTo('race@example.dk')).toHaveLength(1);
    const cancelled = (await h.eventsOf(mailboxId)).filter(
      (event) => event.type === 'NoticeCancelled',
    );
    expect(cancelled).toHaveLength(1);
  });

  it('queues no reminder of an ordinary letter', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'plain@example.dk' });
    await h.deliver(mailboxId);
    await h.lettersNoticed(mailboxId, 1);
    h.clock.now += 8 * DAY;
    await h.service.dispatchDue();
    expect((await h.noticesOf(mailboxId)).map((notice) => notice.reason)).toEqual(['new_post']);
  });

  const waitForReminderEnded = (mailboxId: string, messageId: string) =>
    waitForRow(
      `select 1 from notification.reminders
        where mailbox_id = $1 and message_id = $2 and state = 'cancelled'`,
      [mailboxId, messageId],
    );
  const waitForCancelled = (mailboxId: string) =>
    waitForRow(`select 1 from notification.notices where mailbox_id = $1 and state = 'cancelled'`, [
      mailboxId,
    ]);
  const waitForRow = (sql: string, params: unknown[]) =>
    waitFor(async () => (await h.sut.db.query(sql, params)).length > 0, { message: sql });
});
