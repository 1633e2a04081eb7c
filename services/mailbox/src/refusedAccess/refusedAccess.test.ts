import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { Acting } from '../shared/acting.ts';
import { NotFoundError } from '../shared/errors.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';
import { listRefusedAccess } from './refusedAccess.ts';

const anna = 'cpr:0101901234';
const bo: Acting = { person: { kind: 'citizen', cpr: '0202802345' }, viewingClient: 'mit_dk' };
const boInApp: Acting = { ...bo, viewingClient: 'digital_post_app' };

let fx: MailboxFixture;
beforeAll(async () => {
  fx = await openMailboxFixture();
});
afterAll(() => fx.close());

describe('refused attempts to reach a mailbox', () => {
  it('are counted per person and viewing client, and the caller learns nothing', async () => {
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    const attempts = [
      fx.mailbox.port.listMessages(bo, anna, {}),
      fx.mailbox.port.openMessage(bo, anna, messageId),
      fx.mailbox.port.listFolders(bo, anna),
      fx.mailbox.port.listMessages(boInApp, 'cpr:0303803456', {}),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(NotFoundError);
    // A watch answers at once and tells nothing; it is counted all the same.
    const told: string[] = [];
    const stop = fx.mailbox.port.watch(bo, anna, '0', (state) => told.push(state));

    const refused = await waitForAttempts(5);
    stop();
    expect(told).toEqual([]);
    expect(refused).toEqual([
      expect.objectContaining({ actorId: 'cpr:0202802345', viewingClient: 'mit_dk', attempts: 4 }),
      expect.objectContaining({
        actorId: 'cpr:0202802345',
        viewingClient: 'digital_post_app',
        attempts: 1,
      }),
    ]);
    // Nothing of the mailboxes tried is kept: their ids are CPR numbers.
    expect(JSON.stringify(refused)).not.toContain('0101901234');
  });

  it('are not counted for a person in their own mailbox, nor for a letter that is not there', async () => {
    const before = await total();
    const own: Acting = { person: { kind: 'citizen', cpr: '0101901234' }, viewingClient: 'e_boks' };
    await fx.mailbox.port.listMessages(own, anna, {});
    await expect(fx.mailbox.port.openMessage(own, anna, crypto.randomUUID())).rejects.toThrow(
      NotFoundError,
    );
    expect(await total()).toBe(before);
  });
});

const attemptsIn = (refused: { attempts: number }[]) =>
  refused.reduce((sum, row) => sum + row.attempts, 0);

const total = async () => attemptsIn(await listRefusedAccess(fx.db, 100));

const waitForAttempts = (count: number) =>
  waitFor(async () => {
    const refused = await listRefusedAccess(fx.db, 100);
    return attemptsIn(refused) >= count && refused;
  });
