import { engineNames } from '@digital-post/event-store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openNotificationHarness,
  type NotificationHarness,
} from '../testing/notificationHarness.ts';

describe.each(engineNames)('notices paced to the provider’s rate on %s', (engine) => {
  let h: NotificationHarness;
  beforeAll(async () => {
    h = await openNotificationHarness(engine, {}, { perSecond: { email: 2 } });
  });
  afterAll(() => h?.close());

  it('given five owners with new post and a provider taking 2 a second, then 2 go each second', async () => {
    const owners = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => h.owner({ phone: null, email: `owner${n}@example.dk` })),
    );
    for (const mailboxId of owners) {
      await h.deliver(mailboxId);
      await h.lettersNoticed(mailboxId, 1);
    }
    const sentAfter = async (ms: number) => {
      h.clock.now += ms;
      await h.service.dispatchDue();
      return h.smtp.received.length;
    };
    expect(await sentAfter(0)).toBe(2);
    expect(await sentAfter(0)).toBe(2);
    expect(await sentAfter(400)).toBe(2);
    expect(await sentAfter(600)).toBe(4);
    expect(await sentAfter(1_000)).toBe(5);
    const recipients = h.smtp.received.flatMap((mail) => mail.to).sort();
    expect(recipients).toEqual(owners.map((_, i) => `owner${i + 1}@example.dk`));
  });
});
