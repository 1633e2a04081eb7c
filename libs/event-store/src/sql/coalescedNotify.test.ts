import { describe, expect, it } from 'vitest';
import { CoalescedNotify } from './coalescedNotify.ts';

/** A send that waits until the test lets it finish, so what is in flight is known. */
const controlledSend = () => {
  const sent: string[] = [];
  const pending: Array<() => void> = [];
  const send = (channel: string) => {
    sent.push(channel);
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const finishOne = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sent, send, finishOne };
};

describe('coalesced notifications', () => {
  it('sends at once when none is on its way', () => {
    const { sent, send } = controlledSend();
    new CoalescedNotify(send).notify('appended');
    expect(sent).toEqual(['appended']);
  });

  it('makes any number of asks while one is on its way into one more after it', async () => {
    const { sent, send, finishOne } = controlledSend();
    const notifier = new CoalescedNotify(send);
    notifier.notify('appended');
    for (let n = 0; n < 100; n += 1) notifier.notify('appended');
    expect(sent).toHaveLength(1);
    await finishOne();
    expect(sent).toHaveLength(2);
    await finishOne();
    expect(sent).toHaveLength(2);
    await notifier.settled();
  });

  it('keeps channels apart, and goes on after a send that failed', async () => {
    const sent: string[] = [];
    let fail = true;
    const notifier = new CoalescedNotify(async (channel) => {
      sent.push(channel);
      if (fail) throw new Error('connection lost');
    });
    notifier.notify('a');
    notifier.notify('b');
    await notifier.settled();
    fail = false;
    notifier.notify('a');
    await notifier.settled();
    expect(sent).toEqual(['a', 'b', 'a']);
  });
});
