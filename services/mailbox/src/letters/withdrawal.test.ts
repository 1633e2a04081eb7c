import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { Acting } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';

const anna = 'cpr:0101901234';
const acting: Acting = { person: { kind: 'citizen', cpr: '0101901234' }, viewingClient: 'mit_dk' };
const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
const operatorCase = { caseReference: 'INC-2021-02', operatorId: 'operator-7' };
let fx: MailboxFixture;

beforeAll(async () => {
  fx = await openMailboxFixture({ now: () => clock.now, dueDeliveryPollMs: 20 });
});
afterAll(() => fx.close());

const withdraw = (messageId: string) =>
  fx.mailbox.withdrawal.withdraw([{ messageId, mailboxId: anna, ...operatorCase }]);

const isScheduled = async (messageId: string) =>
  (
    await fx.db.query('select 1 from mailbox.scheduled_deliveries where message_id = $1', [
      messageId,
    ])
  ).length > 0;

describe('withdrawing a misdelivered letter, for an operator under a case', () => {
  it('takes it out of every listing at once and answers it as absent; its events stay', async () => {
    // Given a letter in Anna's inbox that routing should have sent elsewhere
    const messageId = await fx.deliver({ recipientMailboxId: anna, title: 'Ikke til dig' });
    const since = await fx.mailbox.port.currentState(acting, anna);
    // When the operator withdraws it
    expect(await withdraw(messageId)).toEqual([
      { messageId, mailboxId: anna, outcome: 'withdrawn' },
    ]);
    // Then no client lists or opens it, the change feed says it is gone, and the log keeps it
    const { messages } = await fx.mailbox.port.listMessages(acting, anna, {});
    expect(messages.map((letter) => letter.messageId)).not.toContain(messageId);
    await expect(fx.mailbox.port.openMessage(acting, anna, messageId)).rejects.toThrow(
      NotFoundError,
    );
    const changes = await fx.mailbox.port.changes(acting, anna, since);
    expect(changes.destroyed).toEqual([messageId]);
    const stream = await fx.store.readStream(`mailbox-${anna}.${messageId}`);
    expect(stream.map((event) => event.type)).toEqual(['MessageDelivered', 'MessageWithdrawn']);
    expect(stream[1]!.data).toMatchObject({ caseReference: 'INC-2021-02' });
    expect(stream[1]!.metadata.actor).toEqual({ kind: 'operator', id: 'operator-7' });
    const { entries } = await fx.mailbox.port.readEventLog(acting, anna, {});
    expect(entries.at(-1)).toMatchObject({ eventType: 'MessageWithdrawn', messageId });
  });

  it('changes nothing when asked again', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    await withdraw(messageId);
    expect(await withdraw(messageId)).toEqual([{ messageId, mailboxId: anna, outcome: 'already' }]);
    expect(await fx.store.readStream(`mailbox-${anna}.${messageId}`)).toHaveLength(2);
  });

  it('keeps a letter waiting for its delivery time from ever arriving', async () => {
    const due = '2026-03-02T12:00:00.000Z';
    const kept = await fx.deliver({
      recipientMailboxId: anna,
      doNotDeliverUntil: due,
      await: false,
    });
    await waitFor(() => isScheduled(kept), { message: 'kept for its time' });
    await withdraw(kept);
    expect(await isScheduled(kept)).toBe(false);
    // A letter due at the same time arrives; the withdrawn one does not
    const marker = await fx.deliver({
      recipientMailboxId: anna,
      doNotDeliverUntil: due,
      await: false,
    });
    await waitFor(() => isScheduled(marker), { message: 'the marker kept for its time' });
    clock.now = new Date('2026-03-02T12:00:00.001Z');
    await waitFor(() => fx.isDelivered(anna, marker), { message: 'the marker delivered' });
    expect(await fx.isDelivered(anna, kept)).toBe(false);
  });
});
