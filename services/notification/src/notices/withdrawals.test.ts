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

/**
 * A letter withdrawn from a mailbox that should not have had it: its holder is not told of it
 * by a notice still waiting, nor reminded of it later.
 */
describe.each(engineNames)('notices of a withdrawn letter on %s', (engine) => {
  let h: NotificationHarness;
  beforeAll(async () => {
    h = await openNotificationHarness(engine, {}, { reminderAfterMs: 7 * DAY });
  });
  afterAll(() => h?.close());

  const mailsTo = (address: string) => h.smtp.received.filter((mail) => mail.to.includes(address));
  const settled = (mailboxId: string, check: (states: string[]) => boolean) =>
    waitFor(async () => check((await h.noticesOf(mailboxId)).map((notice) => notice.state)));

  it('cancels a waiting notice that named only the withdrawn letter, and sends none', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'wrong@example.dk' });
    const letter = await h.deliver(mailboxId, { senderId: 'authority:skat' });
    await h.lettersNoticed(mailboxId, 1);
    await h.withdraw(mailboxId, letter);
    await settled(mailboxId, (states) => states.join() === 'cancelled');
    await h.service.dispatchDue();
    expect(mailsTo('wrong@example.dk')).toHaveLength(0);
    const cancelled = (await h.eventsOf(mailboxId)).filter((e) => e.type === 'NoticeCancelled');
    expect(cancelled.map((event) => event.data)).toEqual([
      expect.objectContaining({ messageIds: [letter], cause: 'withdrawn' }),
    ]);
  });

  it('opens a notice of its own for the next letter once the window is closed', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'next@example.dk' });
    await h.withdraw(mailboxId, await h.deliver(mailboxId));
    await settled(mailboxId, (states) => states.join() === 'cancelled');
    const next = await h.deliver(mailboxId, { senderId: 'authority:sund' });
    await settled(mailboxId, (states) => states.join() === 'cancelled,queued');
    await h.service.dispatchDue();
    const mails = mailsTo('next@example.dk');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('sund');
    expect((await h.noticesOf(mailboxId)).at(-1)!.message_ids).toEqual([next]);
  });

  it("keeps the other letters of a waiting notice, without the withdrawn one's sender", async () => {
    const mailboxId = await h.owner({ phone: null, email: 'both@example.dk' });
    const misdelivered = await h.deliver(mailboxId, { senderId: 'authority:skat' });
    const own = await h.deliver(mailboxId, { senderId: 'authority:sund' });
    await h.lettersNoticed(mailboxId, 2);
    await h.withdraw(mailboxId, misdelivered);
    await h.lettersNoticed(mailboxId, 1);
    const [notice] = await h.noticesOf(mailboxId);
    expect(notice).toMatchObject({
      state: 'queued',
      message_ids: [own],
      sender_ids: ['authority:sund'],
    });
    await h.service.dispatchDue();
    const mails = mailsTo('both@example.dk');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('sund');
    expect(mails[0]!.text).not.toContain('skat');
  });

  it('never reminds of a withdrawn legal notification, queued or not', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'legal@example.dk' });
    const early = await h.deliver(mailboxId, { legal: true });
    await h.lettersNoticed(mailboxId, 1);
    await h.service.dispatchDue();
    h.clock.now += 20 * 60_000;
    const late = await h.deliver(mailboxId, { legal: true });
    await h.lettersNoticed(mailboxId, 2);
    await h.service.dispatchDue();
    h.clock.now += 7 * DAY;
    await h.withdraw(mailboxId, early);
    await waitFor(async () => {
      const [row] = await h.sut.db.query<{ state: string }>(
        'select state from notification.reminders where mailbox_id = $1 and message_id = $2',
        [mailboxId, early],
      );
      return row?.state === 'cancelled';
    });
    // The second's reminder falls due and is queued before its withdrawal arrives.
    const deps = { db: h.sut.db, store: h.sut.store, quiet: DEFAULT_QUIET_PERIOD };
    await queueDueReminders(deps, new Date(h.clock.now), 100);
    await h.withdraw(mailboxId, late);
    await settled(mailboxId, (states) => states.join() === 'sent,sent,cancelled');
    await h.service.dispatchDue();
    expect(mailsTo('legal@example.dk').map((mail) => mail.subject)).not.toContainEqual(
      expect.stringMatching(/Påmindelse/),
    );
  });
});
