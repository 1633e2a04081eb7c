import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@digital-post/event-store';
import { viewOf } from './views.ts';

let position = 0;
const recorded = (streamId: string, type: string, data: object): RecordedEvent => {
  position += 1;
  return {
    id: `e-${position}`,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    streamId,
    streamVersion: position,
    globalPosition: position,
    transactionId: position,
    recordedAt: new Date(Date.UTC(2023, 7, 1, 0, position)),
  };
};

describe("a stream's view at a moment", () => {
  it("gives a person's enrollment by the published rule, with the last change's reasons", () => {
    const stream = 'enrollment-0101901234';
    const events = [
      recorded(stream, 'CitizenEnrolled', { cause: 'reached_age_15', ruleVersion: 'rules-1' }),
      recorded(stream, 'CitizenUnenrolled', {
        reason: 'moved_abroad',
        ruleVersion: 'rules-2023.08',
        trigger: 'self_service',
        title: 'not a reason',
      }),
    ];
    expect(viewOf(stream, events, '2023-08-02T00:00:00Z')).toEqual({
      kind: 'enrollment',
      standing: { enrolled: false, exemption: null },
      reachability: { channel: 'paper', reason: 'not_enrolled' },
      lastChange: {
        type: 'CitizenUnenrolled',
        position: events[1]!.globalPosition,
        recordedAt: events[1]!.recordedAt.toISOString(),
        because: { reason: 'moved_abroad', ruleVersion: 'rules-2023.08', trigger: 'self_service' },
      },
    });
  });

  it("gives a mailbox's forwarding rules, each version replacing the one before", () => {
    const stream = 'forwarding-cvr:12345678';
    const rule = { ruleId: 'r-1', mailboxId: 'cvr:12345678' };
    const view = viewOf(
      stream,
      [
        recorded(stream, 'ForwardingRuleAdded', {
          ...rule,
          ruleVersion: 1,
          targetMailboxId: 'cvr:1',
          addedAt: 'a',
        }),
        recorded(stream, 'ForwardingRuleAdded', {
          ...rule,
          ruleVersion: 2,
          targetMailboxId: 'cvr:2',
          addedAt: 'b',
        }),
        recorded(stream, 'ForwardingRuleRemoved', {
          ...rule,
          ruleVersion: 2,
          targetMailboxId: 'cvr:2',
          removedAt: 'c',
        }),
      ],
      '2023-08-02T00:00:00Z',
    );
    expect(view).toEqual({
      kind: 'forwarding',
      rules: [
        { ruleId: 'r-1', ruleVersion: 2, targetMailboxId: 'cvr:2', active: false, since: 'c' },
      ],
    });
  });

  it('gives any other stream its last event of each type', () => {
    const stream = 'routing-m-1';
    const view = viewOf(stream, [recorded(stream, 'MessageRouted', { channel: 'digital' })], 'x');
    expect(view).toEqual({ kind: 'events', latest: { MessageRouted: { channel: 'digital' } } });
  });
});
