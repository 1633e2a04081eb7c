import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoutingHarness, type RoutingHarness } from '../testing/routingHarness.ts';

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
