import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '@digital-post/event-store';
import { engineNames, openEngine, type OpenedEngine } from '@digital-post/event-store/testing';
import { replayLog, type ReplayProgress } from './replayLog.ts';
import { logWindowSchema, type LogWindow } from './logWindow.ts';

/**
 * Given a log of a letter's acceptance and routing, a forwarding rule and an enrollment, each at
 * a known time, when a window of it is replayed, then exactly the events in the window that
 * pass every filter come back, in position order.
 */
const event = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data });

const log: Array<[stream: string, NewEvent, at: string]> = [
  [
    'message-m1',
    event('MessageAccepted', { messageId: 'm1', senderId: 'authority:skat' }),
    '2021-02-01T10:00:00Z',
  ],
  [
    'routing-m1',
    event('MessageRouted', {
      messageId: 'm1',
      recipientMailboxId: 'cvr:11111111',
      forwardingRuleVersion: 2,
      routerRelease: 'routing-2021.02',
      letter: { senderId: 'authority:skat' },
    }),
    '2021-02-01T10:00:01Z',
  ],
  [
    'forwarding-cvr:22222222',
    event('ForwardingRuleAdded', { mailboxId: 'cvr:22222222', ruleVersion: 2 }),
    '2021-02-02T09:00:00Z',
  ],
  [
    'enrollment-cpr:0101901234',
    event('CitizenEnrolled', { cpr: '0101901234', ruleVersion: 'rules-2023.08' }),
    '2021-02-03T08:00:00Z',
  ],
  [
    'message-m2',
    event('MessageAccepted', { messageId: 'm2', senderId: 'authority:udbetaling' }),
    '2021-02-04T12:00:00Z',
  ],
];

describe.each(engineNames)('a replay of the log on %s', (engine) => {
  let opened: OpenedEngine;
  let positions: number[];
  beforeAll(async () => {
    opened = await openEngine(engine, 'replay');
    positions = [];
    for (const [stream, newEvent, at] of log) {
      const { lastPosition } = await opened.store.append(stream, [newEvent]);
      positions.push(lastPosition.globalPosition);
      // Times set behind the store's back: the test needs them apart and known.
      await opened.db.query('update events set recorded_at = $1 where global_position = $2', [
        at,
        lastPosition.globalPosition,
      ]);
    }
  });
  afterAll(() => opened.dispose());

  const replayed = async (window: Record<string, unknown>, pageSize?: number) => {
    const events: RecordedEvent[] = [];
    const parsed: LogWindow = logWindowSchema.parse(window);
    for await (const each of replayLog(opened.db, parsed, pageSize ? { pageSize } : {})) {
      events.push(each);
    }
    return events.map((each) => `${each.streamId} ${each.type}`);
  };
  const entries = (...indexes: number[]) =>
    indexes.map((index) => `${log[index]![0]} ${log[index]![1].type}`);

  it('gives the whole log in position order when no window is named', async () => {
    expect(await replayed({})).toEqual(entries(0, 1, 2, 3, 4));
  });

  it('gives the events after one position up to another, the second included', async () => {
    const window = { from: String(positions[0]), to: String(positions[2]) };
    expect(await replayed(window)).toEqual(entries(1, 2));
  });

  it('gives the events from one time until before another', async () => {
    const window = { from: '2021-02-01T10:00:01Z', to: '2021-02-03T08:00:00Z' };
    expect(await replayed(window)).toEqual(entries(1, 2));
    expect(await replayed({ from: '2021-02-01T11:00:01+01:00' })).toEqual(entries(1, 2, 3, 4));
    expect(await replayed({ from: '2022-01-01T00:00:00Z' })).toEqual([]);
  });

  it.each([
    [{ categories: ['message'] }, [0, 4]],
    [{ types: ['MessageRouted', 'CitizenEnrolled'] }, [1, 3]],
    [{ streams: ['forwarding-cvr:22222222'] }, [2]],
    [{ senders: ['authority:skat'] }, [0, 1]],
    [{ mailboxes: ['cvr:11111111', 'cvr:22222222'] }, [1, 2]],
    [{ ruleVersions: ['2'] }, [1, 2]],
    [{ ruleVersions: ['rules-2023.08'] }, [3]],
    [{ releases: ['routing-2021.02'] }, [1]],
    [{ categories: ['message'], senders: ['authority:udbetaling'] }, [4]],
  ])('narrows the log by %j', async (filter, expected) => {
    expect(await replayed(filter)).toEqual(entries(...expected));
  });

  it('gives the same a page at a time, telling its progress to the end of the window', async () => {
    const progress: ReplayProgress[] = [];
    const events: string[] = [];
    for await (const each of replayLog(
      opened.db,
      {},
      { pageSize: 2, onProgress: (p) => progress.push(p) },
    )) {
      events.push(each.streamId);
    }
    expect(events).toHaveLength(5);
    expect(progress.at(-1)).toMatchObject({ events: 5, passed: progress.at(-1)!.span });
    expect(progress.map((p) => p.events)).toEqual([2, 4, 5]);
  });
});

describe('a window as an operator writes it', () => {
  it.each([
    [{ from: 'yesterday' }],
    [{ from: '2021-02-30T10:00:00Z' }],
    [{ from: '2021-02-01T10:00:00' }],
    [{ to: '0001-01-01T00:30:00+01:00' }],
    [{ to: '99999999999999999999' }],
    [{ categories: ['mes\u0000sage'] }],
    [{ categories: [''] }],
    [{ releases: 'routing-2021.02' }],
    [{ sender: ['authority:skat'] }],
  ])('refuses %j', (window) => {
    expect(logWindowSchema.safeParse(window).success).toBe(false);
  });
});
