import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoutingHarness, type RoutingHarness } from '../routing/routingHarness.testSupport.ts';

const enroll = (id: string, extra: Record<string, unknown> = {}) => ({
  action: 'enroll',
  subject: { kind: 'cpr', id },
  cause: 'reached_age_15',
  caseReference: 'J-2024/17',
  ...extra,
});

describe('the operators API', () => {
  let h: RoutingHarness;
  beforeAll(async () => {
    h = await startRoutingHarness();
  });
  afterAll(() => h.close());

  const eventCount = async () =>
    (await h.opened.db.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n;

  /** Sends a request that must be refused as bad input, and checks nothing was written. */
  const expectRefused = async (
    request: {
      method: 'POST' | 'DELETE' | 'GET';
      url: string;
      body?: unknown;
      operator?: string | null;
    },
    status = 400,
  ) => {
    const before = await eventCount();
    const operator = request.operator === undefined ? 'operator-7' : request.operator;
    const response = await h.app.inject({
      method: request.method,
      url: request.url,
      headers: operator === null ? {} : { 'x-operator': operator },
      ...(request.body === undefined ? {} : { payload: request.body as object }),
    });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status,
      type: expect.stringMatching(/^https:\/\/digitalpost\.dk\/problems\//),
    });
    expect(await eventCount()).toBe(before);
    return response.json();
  };

  describe('POST /admin/enrollments', () => {
    it('enrolls a citizen, recording the operator and the case', async () => {
      const response = await h.admin('POST', '/admin/enrollments', enroll('0101901234'));
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        events: ['CitizenEnrolled'],
        streamVersion: 1,
        reachability: { channel: 'digital', reason: 'enrolled' },
      });
      const [event] = await h.opened.store.readStream('enrollment-0101901234');
      expect(event).toMatchObject({
        schemaVersion: 2,
        data: { cpr: '0101901234', firstEnrollment: true, caseReference: 'J-2024/17' },
        metadata: { actor: { kind: 'operator', id: 'operator-7' } },
      });
    });

    it('exempts a company and ends the exemption', async () => {
      const subject = { kind: 'cvr', id: '12345678' };
      const grant = { action: 'grant_exemption', subject, grantedBy: 'erst', caseReference: 'C-1' };
      expect((await h.admin('POST', '/admin/enrollments', grant)).json()).toMatchObject({
        events: ['CompanyExemptionGranted'],
        reachability: { channel: 'paper', reason: 'exempt' },
      });
      const end = { action: 'end_exemption', subject, reason: 'expired', caseReference: 'C-2' };
      expect((await h.admin('POST', '/admin/enrollments', end)).json()).toMatchObject({
        events: ['CompanyExemptionEnded', 'CompanyEnrolled'],
        reachability: { channel: 'digital' },
      });
    });

    it('refuses a second enrollment as a broken rule', async () => {
      await h.admin('POST', '/admin/enrollments', enroll('0202902345'));
      const problem = await expectRefused(
        { method: 'POST', url: '/admin/enrollments', body: enroll('0202902345') },
        409,
      );
      expect(problem.type).toBe('https://digitalpost.dk/problems/rules/already-enrolled');
    });

    it.each([
      ['a CPR whose date does not exist', enroll('3102901234')],
      ['a CPR of nine digits', enroll('010190123')],
      [
        'a CVR of seven digits',
        { ...enroll('x'), subject: { kind: 'cvr', id: '1234567' }, cause: 'registered' },
      ],
      [
        'a citizen cause for a company',
        { ...enroll('x'), subject: { kind: 'cvr', id: '12345678' } },
      ],
      ['an authority as subject', { ...enroll('x'), subject: { kind: 'authority', id: 'skat' } }],
      ['an unknown field', enroll('0303903456', { name: 'Jens Hansen' })],
      ['an unknown action', { ...enroll('0303903456'), action: 'delete' }],
      [
        'no case reference',
        { action: 'enroll', subject: { kind: 'cpr', id: '0303903456' }, cause: 'correction' },
      ],
      [
        'free text as case reference',
        enroll('0303903456', { caseReference: 'see note: Jens, 2 kids' }),
      ],
      ['a huge case reference', enroll('0303903456', { caseReference: 'J'.repeat(100_000) })],
      ['a cause nobody asks for', enroll('0303903456', { cause: 'exemption_ended' })],
      [
        'an exemption end date that is no date',
        {
          action: 'grant_exemption',
          subject: { kind: 'cpr', id: '0303903456' },
          grantedBy: 'k',
          caseReference: 'J',
          validUntil: 'soon',
        },
      ],
      ['an array', [enroll('0303903456')]],
    ])('refuses %s with 400 and writes nothing', async (_, body) => {
      const problem = await expectRefused({ method: 'POST', url: '/admin/enrollments', body });
      expect(problem.type).toMatch(/\/(validation|payload-too-large)$/);
    });

    it('refuses a request without X-Operator, or with a malformed one', async () => {
      const body = enroll('0404904567');
      await expectRefused({ method: 'POST', url: '/admin/enrollments', body, operator: null });
      await expectRefused({
        method: 'POST',
        url: '/admin/enrollments',
        body,
        operator: 'a b<script>',
      });
    });

    it('refuses a body that is not JSON', async () => {
      const before = await eventCount();
      const response = await h.app.inject({
        method: 'POST',
        url: '/admin/enrollments',
        headers: { 'x-operator': 'operator-7', 'content-type': 'application/json' },
        payload: '{"action":',
      });
      expect(response.statusCode).toBe(400);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('GET /admin/reachability/:kind/:id', () => {
    it('answers for authorities, enrolled and unknown citizens', async () => {
      expect((await h.admin('GET', '/admin/reachability/authority/skat')).json()).toEqual({
        channel: 'digital',
        reason: 'authority',
      });
      expect((await h.admin('GET', '/admin/reachability/cpr/0505905678')).json()).toEqual({
        channel: 'paper',
        reason: 'not_enrolled',
      });
    });

    it.each([
      '/admin/reachability/cpr/3202901234',
      '/admin/reachability/person/1',
      '/admin/reachability/cvr/abc',
    ])('refuses %s', async (url) => {
      await expectRefused({ method: 'GET', url });
    });
  });

  describe('forwarding rules', () => {
    const rules = (mailbox: string) => `/admin/mailboxes/${mailbox}/forwarding-rules`;

    it('adds, lists and removes a rule; adding it again changes nothing', async () => {
      const added = await h.admin('POST', rules('authority:agency'), {
        targetMailboxId: 'cvr:12345678',
      });
      expect(added.statusCode).toBe(201);
      const rule = added.json();
      expect(rule).toMatchObject({ ruleVersion: 1, mailboxId: 'authority:agency', active: true });
      const again = await h.admin('POST', rules('authority:agency'), {
        ruleId: rule.ruleId,
        targetMailboxId: 'cvr:12345678',
      });
      expect(again.statusCode).toBe(200);
      const removed = await h.admin('DELETE', `${rules('authority:agency')}/${rule.ruleId}`);
      expect(removed.json()).toMatchObject({ ruleId: rule.ruleId, ruleVersion: 1, active: false });
      const [event] = await h.opened.store.readStream('forwarding-authority:agency');
      expect(event!.data).toMatchObject({ addedBy: 'operator-7' });
    });

    it('keeps one active rule per mailbox', async () => {
      await h.admin('POST', rules('cvr:11112222'), { targetMailboxId: 'authority:provider' });
      const problem = await expectRefused(
        {
          method: 'POST',
          url: rules('cvr:11112222'),
          body: { targetMailboxId: 'authority:other' },
        },
        409,
      );
      expect(problem.type).toMatch(/rules\/forwarding-rule-exists$/);
    });

    it('refuses forwarding to a citizen as a broken rule', async () => {
      const body = { targetMailboxId: 'cpr:0101901234' };
      await expectRefused({ method: 'POST', url: rules('authority:agency-2'), body }, 422);
    });

    it.each([
      ['a citizen mailbox', rules('cpr:0101901234'), { targetMailboxId: 'cvr:12345678' }],
      ['a malformed mailbox id', rules('cvr:123'), { targetMailboxId: 'cvr:12345678' }],
      ['a malformed target', rules('authority:agency'), { targetMailboxId: 'somewhere' }],
      [
        'a rule id that is no uuid',
        rules('authority:agency'),
        { ruleId: '1', targetMailboxId: 'cvr:12345678' },
      ],
      [
        'an unknown field',
        rules('authority:agency'),
        { targetMailboxId: 'cvr:12345678', note: 'x' },
      ],
    ])('refuses %s with 400 and writes nothing', async (_, url, body) => {
      await expectRefused({ method: 'POST', url, body });
    });

    it('answers 404 for removing a rule that is not active, 400 for a malformed rule id', async () => {
      const url = `${rules('authority:agency')}/0f8fad5b-d9cb-469f-a165-70867728950e`;
      await expectRefused({ method: 'DELETE', url }, 404);
      await expectRefused({ method: 'DELETE', url: `${rules('authority:agency')}/x` });
    });
  });

  describe('GET /admin/held-messages', () => {
    it('lists nothing when nothing is held, and refuses bad queries', async () => {
      expect((await h.admin('GET', '/admin/held-messages')).json()).toEqual({ messages: [] });
      await expectRefused({ method: 'GET', url: '/admin/held-messages?limit=0' });
      await expectRefused({ method: 'GET', url: '/admin/held-messages?reason=lost' });
      await expectRefused({ method: 'GET', url: '/admin/held-messages?extra=1' });
    });
  });
});
