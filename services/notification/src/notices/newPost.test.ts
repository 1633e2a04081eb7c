import { describe, expect, it } from 'vitest';
import { decideNewPost, type Arrival, type Window } from './newPost.ts';

const WINDOW_MS = 15 * 60_000;
const arrival = (deliveredAt: string): Arrival => ({
  messageId: 'm-1',
  mailboxId: 'cpr:0101901234',
  senderId: 'authority:skat',
  deliveredAt,
});
let ids = 0;
const newId = () => `notice-${(ids += 1)}`;
const open = (openUntil: string, stillQueued = true): Window => ({
  noticeId: 'notice-open',
  openUntil,
  stillQueued,
});

describe('a letter arriving in a mailbox whose owner asked to be told', () => {
  it('queues a notice on each channel registered, opening a window', () => {
    const decisions = decideNewPost(
      arrival('2026-12-01T10:00:00.000Z'),
      ['sms', 'email'],
      new Map(),
      WINDOW_MS,
      newId,
    );
    expect(decisions).toEqual([
      {
        kind: 'queue',
        channel: 'sms',
        noticeId: expect.any(String),
        openUntil: '2026-12-01T10:15:00.000Z',
      },
      {
        kind: 'queue',
        channel: 'email',
        noticeId: expect.any(String),
        openUntil: '2026-12-01T10:15:00.000Z',
      },
    ]);
  });

  it('joins the notice of an open window that is not sent yet', () => {
    const windows = new Map([['email', open('2026-12-01T10:15:00.000Z')]] as const);
    expect(
      decideNewPost(arrival('2026-12-01T10:01:00.000Z'), ['email'], windows, WINDOW_MS, newId),
    ).toEqual([{ kind: 'join', channel: 'email', noticeId: 'notice-open' }]);
  });

  it('is covered by a notice of the window already sent: no second notice', () => {
    const windows = new Map([['sms', open('2026-12-01T10:15:00.000Z', false)]] as const);
    expect(
      decideNewPost(arrival('2026-12-01T10:14:59.000Z'), ['sms'], windows, WINDOW_MS, newId),
    ).toEqual([{ kind: 'covered', channel: 'sms', noticeId: 'notice-open' }]);
  });

  it('queues a new notice once the window has closed', () => {
    const windows = new Map([['sms', open('2026-12-01T10:15:00.000Z', false)]] as const);
    const [decision] = decideNewPost(
      arrival('2026-12-01T10:15:00.000Z'),
      ['sms'],
      windows,
      WINDOW_MS,
      newId,
    );
    expect(decision).toMatchObject({ kind: 'queue', openUntil: '2026-12-01T10:30:00.000Z' });
  });

  it('decides nothing for an owner who registered no details', () => {
    expect(
      decideNewPost(arrival('2026-12-01T10:00:00.000Z'), [], new Map(), WINDOW_MS, newId),
    ).toEqual([]);
  });
});
