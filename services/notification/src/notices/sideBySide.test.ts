import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openNotificationHarness,
  type NotificationHarness,
} from '../testing/notificationHarness.ts';
import { handleLetterEvents } from './letters.ts';
import { DEFAULT_QUIET_PERIOD } from './quietHours.ts';

// Only the server runs two transactions at once; PGlite's one connection takes them in turn.
describe('letters to one mailbox in batches handled side by side (PostgreSQL server)', () => {
  let h: NotificationHarness;
  beforeAll(async () => {
    h = await openNotificationHarness('PostgreSQL server');
    await h.service.stop();
  });
  afterAll(() => h?.close());

  const deps = () => ({
    store: h.sut.store,
    windowMs: 15 * 60_000,
    quiet: DEFAULT_QUIET_PERIOD,
    reminderAfterMs: 7 * 86_400_000,
  });
  const deliveryOf = async (mailboxId: string) => {
    const messageId = await h.deliver(mailboxId);
    return h.sut.store.readStream(`mailbox-${mailboxId}.${messageId}`);
  };

  it('given one batch still open with a letter, when another brings a second, then one notice names both', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'side@example.dk' });
    const [first, second] = [await deliveryOf(mailboxId), await deliveryOf(mailboxId)];
    let firstHandled!: () => void;
    const handled = new Promise<void>((resolve) => (firstHandled = resolve));
    const one = h.sut.db.transaction(async (tx) => {
      await handleLetterEvents(deps(), tx, first);
      firstHandled();
      // Still uncommitted while the other batch runs.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await handled;
    const other = h.sut.db.transaction((tx) => handleLetterEvents(deps(), tx, second));
    await Promise.all([one, other]);
    const notices = await h.noticesOf(mailboxId);
    expect(notices.map((notice) => notice.message_ids.length)).toEqual([2]);
  });
});
