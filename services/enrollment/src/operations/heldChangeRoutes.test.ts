import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_RULES_VERSION } from '../rules/currentRules.ts';
import { born, newCpr } from '../testing/registerEvents.ts';
import {
  expectRefused,
  openOperatorHarness,
  type OperatorHarness,
} from '../testing/operatorHarness.ts';

const LIST = '/admin/enrollment/held-changes';
const DECIDE = '/admin/enrollment/held-changes/decision';
const RULE_KEY = `rule:${CURRENT_RULES_VERSION}:enroll`;

describe('changes the mass-change breaker held, decided by operators', () => {
  let h: OperatorHarness;
  const people = Array.from({ length: 6 }, newCpr);

  beforeAll(async () => {
    // Two enrollments per hour by one rule version; the third trips the breaker.
    h = await openOperatorHarness('PGlite', {
      breakerLimits: { maxChanges: 2, minimumLimit: 2, maxShare: 0 },
    });
    await h.register(...people.map((id) => born(id, '1990-01-01')));
  });
  afterAll(() => h?.close());

  const heldIds = async (status = 'open') =>
    (
      await h.db.query<{ pending_id: string; subject_id: string }>(
        `select pending_id, subject_id from enrollment.held_changes where status = $1
          order by pending_id`,
        [status],
      )
    ).map((row) => ({ pendingId: row.pending_id, id: row.subject_id }));

  it('lists the held changes by breaker key, with counts, a page at a time', async () => {
    const response = await h.call('GET', `${LIST}?limit=3`);
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.groups).toEqual([
      {
        breakerKey: RULE_KEY,
        count: 4,
        enroll: 4,
        unenroll: 0,
        firstHeldAt: '2026-03-02T09:00:00.000Z',
        lastHeldAt: '2026-03-02T09:00:00.000Z',
        trippedAt: '2026-03-02T09:00:00.000Z',
      },
    ]);
    expect(page.changes).toHaveLength(3);
    expect(page.changes[0]).toMatchObject({
      subject: { kind: 'cpr' },
      change: 'enroll',
      causeCode: 'reached_age_15',
      breakerKey: RULE_KEY,
      trigger: 'register_event',
      ruleVersion: CURRENT_RULES_VERSION,
      status: 'open',
      decidedBy: null,
    });
    const rest = (await h.call('GET', `${LIST}?limit=3&after=${page.nextAfter}`)).json();
    expect(rest.changes).toHaveLength(1);
    expect(rest.nextAfter).toBeNull();
    const all = [...page.changes, ...rest.changes].map((change) => change.pendingId);
    expect(all).toEqual((await heldIds()).map((held) => held.pendingId));
    const other = (await h.call('GET', `${LIST}?breakerKey=batch:other:enroll`)).json();
    expect(other).toMatchObject({ groups: [], changes: [], nextAfter: null });
  });

  it('approves named changes: each made as it was proposed, by the operator, under the case', async () => {
    const [first] = await heldIds();
    const response = await h.call('POST', DECIDE, {
      decision: 'approve',
      pendingIds: [first!.pendingId, first!.pendingId],
      caseReference: 'DP-2026-3',
    });
    expect(response.json()).toEqual({
      decision: 'approve',
      approved: 1,
      rejected: 0,
      skipped: 0,
      skippedChanges: [],
    });
    const [approved, enrolled] = (await h.stream(first!.id)).slice(-2);
    expect(approved).toMatchObject({
      type: 'EnrollmentChangeApproved',
      data: { decidedBy: 'operator-7', caseReference: 'DP-2026-3' },
      metadata: { actor: { kind: 'operator', id: 'operator-7' } },
    });
    expect(enrolled).toMatchObject({
      type: 'CitizenEnrolled',
      data: { firstEnrollment: true, trigger: 'register_event', caseReference: 'DP-2026-3' },
    });
  });

  it('skips what is decided already or does not exist', async () => {
    const [decided] = await heldIds('approved');
    const unknown = randomUUID();
    const response = await h.call('POST', DECIDE, {
      decision: 'reject',
      pendingIds: [decided!.pendingId, unknown],
      caseReference: 'DP-2026-4',
    });
    expect(response.json()).toMatchObject({
      rejected: 0,
      skipped: 2,
      skippedChanges: [
        { pendingId: decided!.pendingId, rule: 'decided' },
        { pendingId: unknown, rule: 'unknown' },
      ],
    });
  });

  it('rejects everything under a breaker key, and the trip ends with its last change', async () => {
    const open = await heldIds();
    const response = await h.call('POST', DECIDE, {
      decision: 'reject',
      breakerKey: RULE_KEY,
      caseReference: 'DP-2026-5',
    });
    expect(response.json()).toMatchObject({ rejected: open.length, approved: 0, skipped: 0 });
    for (const { id } of open) {
      expect((await h.stream(id)).at(-1)).toMatchObject({
        type: 'EnrollmentChangeRejected',
        data: { decidedBy: 'operator-7', caseReference: 'DP-2026-5' },
      });
    }
    expect(await h.db.query(`select * from enrollment.breaker_trips`)).toEqual([]);
    const listed = (await h.call('GET', `${LIST}?status=rejected`)).json();
    expect(listed.groups).toMatchObject([{ breakerKey: RULE_KEY, count: 3, trippedAt: null }]);
    expect((await h.call('GET', LIST)).json()).toMatchObject({ groups: [], changes: [] });
  });

  const decision = (overrides: Record<string, unknown>) => ({
    decision: 'approve',
    breakerKey: RULE_KEY,
    caseReference: 'DP-1',
    ...overrides,
  });

  it.each([
    ['both a breaker key and pending ids', decision({ pendingIds: [randomUUID()] })],
    ['neither a breaker key nor pending ids', { decision: 'approve', caseReference: 'DP-1' }],
    ['pending ids that are no uuids', decision({ breakerKey: undefined, pendingIds: ['1'] })],
    ['no pending ids', decision({ breakerKey: undefined, pendingIds: [] })],
    [
      'more than 10,000 pending ids',
      decision({
        breakerKey: undefined,
        pendingIds: Array.from({ length: 10_001 }, () => randomUUID()),
      }),
    ],
    ['an unknown decision', decision({ decision: 'maybe' })],
    ['no case reference', decision({ caseReference: undefined })],
    ['an empty breaker key', decision({ breakerKey: '' })],
  ])('refuses %s with 400 and writes nothing', async (_, body) => {
    await expectRefused(h, { method: 'POST', url: DECIDE, body });
  });

  it.each(['status=lost', 'limit=0', 'limit=1001', 'after=x', 'extra=1'])(
    'refuses the query %s with 400',
    async (query) => {
      await expectRefused(h, { method: 'GET', url: `${LIST}?${query}` });
    },
  );
});
