import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { Acting } from '../shared/acting.ts';
import { CannotCalculateChangesError, InvalidTokenError } from '../shared/errors.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';
import { forgetDestroyedLetters } from './changeState.ts';

const anna = 'cpr:0101901234';
const acting: Acting = { person: { kind: 'citizen', cpr: '0101901234' }, viewingClient: 'mit_dk' };
let fx: MailboxFixture;

beforeAll(async () => {
  fx = await openMailboxFixture();
});
afterAll(() => fx.close());

describe('the change feed', () => {
  it('says what was created, updated and destroyed since a state', async () => {
    const kept = await fx.deliver({ recipientMailboxId: anna });
    const doomed = await fx.deliver({ recipientMailboxId: anna });
    const since = await fx.mailbox.port.currentState(acting, anna);
    const added = await fx.deliver({ recipientMailboxId: anna });
    await fx.mailbox.port.markRead(acting, anna, kept);
    await fx.mailbox.port.delete(acting, anna, doomed);
    await fx.mailbox.port.delete(acting, anna, doomed);
    const changes = await fx.mailbox.port.changes(acting, anna, since);
    expect(changes).toMatchObject({
      oldState: since,
      hasMoreChanges: false,
      created: [added],
      updated: [kept],
      destroyed: [doomed],
    });
    expect(changes.newState).toBe(await fx.mailbox.port.currentState(acting, anna));
    const none = await fx.mailbox.port.changes(acting, anna, changes.newState);
    expect(none).toMatchObject({ created: [], updated: [], destroyed: [] });
  });

  it('pages with maxChanges', async () => {
    const since = await fx.mailbox.port.currentState(acting, anna);
    await fx.deliver({ recipientMailboxId: anna });
    await fx.deliver({ recipientMailboxId: anna });
    const page = await fx.mailbox.port.changes(acting, anna, since, 1);
    expect(page.hasMoreChanges).toBe(true);
    const rest = await fx.mailbox.port.changes(acting, anna, page.newState, 1);
    expect([...page.created, ...rest.created]).toHaveLength(2);
  });

  it('refuses malformed, future and forgotten states clearly', async () => {
    await expect(fx.mailbox.port.changes(acting, anna, 'abc')).rejects.toThrow(InvalidTokenError);
    await expect(fx.mailbox.port.changes(acting, anna, '99999')).rejects.toThrow(
      CannotCalculateChangesError,
    );
    const state = Number(await fx.mailbox.port.currentState(acting, anna));
    await forgetDestroyedLetters(fx.db, anna, state);
    await expect(fx.mailbox.port.changes(acting, anna, String(state - 1))).rejects.toThrow(
      CannotCalculateChangesError,
    );
  });

  it('tells watchers of every new state', async () => {
    const known = await fx.mailbox.port.currentState(acting, anna);
    const seen: string[] = [];
    const stop = fx.mailbox.port.watch(acting, anna, known, (state) => seen.push(state));
    const messageId = await fx.deliver({ recipientMailboxId: anna });
    await fx.mailbox.port.markRead(acting, anna, messageId);
    const now = await fx.mailbox.port.currentState(acting, anna);
    await waitFor(() => seen.at(-1) === now, { timeoutMs: 2_000 });
    stop();
  });
});
