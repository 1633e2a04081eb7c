import { describe, expect, it } from 'vitest';
import type { BreachFound } from '@digital-post/contracts';
import { deciderSpec } from '@digital-post/service-kit/testing';
import { breachDecider, type BreachEvent } from './breachDecider.ts';
import { deadlinesOf } from './deadlines.ts';

const breachId = 'b-1';
const foundAt = '2021-02-04T09:00:00.000Z';
const spec = deciderSpec(breachDecider);

const found: BreachFound = {
  breachId,
  kind: 'routing',
  afterPosition: 0,
  throughPosition: 5_000,
  began: '2021-02-01T10:00:00.000Z',
  ended: '2021-02-03T16:00:00.000Z',
  letters: 120,
  misdelivered: 120,
  opened: 7,
  senders: 3,
  wrongRecipients: 3,
  releases: ['routing-2021.02'],
  caseReference: 'INC-2021-02',
  foundBy: 'ops-1',
  foundAt,
  people: 0,
  welcomeLetters: 0,
};

const foundEvent: BreachEvent = { type: 'BreachFound', schemaVersion: 2, data: found };
const preliminary = (filedAt: string): BreachEvent => ({
  type: 'BreachPreliminaryFiled',
  schemaVersion: 1,
  data: { breachId, authorityReference: 'DT-2021-123', filedBy: 'ops-1', filedAt },
});
const followUp = (filedAt: string): BreachEvent => ({
  type: 'BreachFollowUpFiled',
  schemaVersion: 1,
  data: { breachId, filedBy: 'ops-1', filedAt },
});
const at = '2021-02-04T20:00:00.000Z';
const file = {
  type: 'FilePreliminary' as const,
  breachId,
  authorityReference: 'DT-2021-123',
  operatorId: 'ops-1',
  at,
};

describe('a breach, stage by stage', () => {
  it('is recorded once', () => {
    spec.given([]).when({ type: 'RecordBreach', found }).then([foundEvent]);
    spec.given([foundEvent]).when({ type: 'RecordBreach', found }).then([]);
  });

  it('files its preliminary report once, an operator retry changing nothing', () => {
    spec
      .given([foundEvent])
      .when(file)
      .then([preliminary(at)]);
    spec
      .given([foundEvent, preliminary(at)])
      .when(file)
      .then([]);
  });

  it('refuses a follow-up before the preliminary report, and a close before the follow-up', () => {
    const refused = (rule: string) => (error: unknown) => expect(error).toMatchObject({ rule });
    spec
      .given([foundEvent])
      .when({ type: 'FileFollowUp', breachId, operatorId: 'ops-1', at })
      .thenThrows(refused('breach-out-of-order'));
    spec
      .given([foundEvent, preliminary(at)])
      .when({ type: 'CloseBreach', breachId, operatorId: 'ops-1', at })
      .thenThrows(refused('breach-out-of-order'));
    spec.given([]).when(file).thenThrows(refused('breach-unknown'));
  });
});

describe("a breach's deadlines", () => {
  const state = (...events: BreachEvent[]) =>
    events.reduce(breachDecider.evolve, breachDecider.initialState());

  it('gives the preliminary report 24 hours from the finding, overdue after', () => {
    const { preliminary: due } = deadlinesOf(state(foundEvent), new Date('2021-02-05T09:00:01Z'));
    expect(due).toEqual({ due: '2021-02-05T09:00:00.000Z', filedAt: null, overdue: true });
    expect(
      deadlinesOf(state(foundEvent), new Date('2021-02-05T08:59:59Z')).preliminary.overdue,
    ).toBe(false);
  });

  it('gives the follow-up 72 hours from the preliminary report, and none before it', () => {
    const now = new Date('2021-02-06T00:00:00Z');
    expect(deadlinesOf(state(foundEvent), now).followUp).toEqual({
      due: null,
      filedAt: null,
      overdue: false,
    });
    const filed = state(foundEvent, preliminary(at), followUp('2021-02-08T21:00:00.000Z'));
    expect(deadlinesOf(filed, now)).toMatchObject({
      preliminary: { overdue: false },
      followUp: { due: '2021-02-07T20:00:00.000Z', overdue: true },
    });
  });
});
