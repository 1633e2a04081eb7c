import { engineNames } from '@digital-post/event-store/testing';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openNotificationHarness,
  type NotificationHarness,
} from '../testing/notificationHarness.ts';

const operator = { 'x-operator': 'ops-1' };

describe.each(engineNames)('the operators’ side of notices on %s', (engine) => {
  let h: NotificationHarness;
  let app: HttpApp;
  beforeAll(async () => {
    h = await openNotificationHarness(engine, {
      email: (to) => (to.startsWith('gone@') ? 550 : undefined),
    });
    const logger = createLogger({ serviceName: 'notification', level: 'silent' });
    app = await createHttpApp({ serviceName: 'notification', logger, openApi: false });
    await app.register(h.service.adminRoutes);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const settingEvents = () => h.sut.store.readStream('notification-settings');
  const put = (payload: unknown) =>
    app.inject({
      method: 'PUT',
      url: '/admin/notification/quiet-period',
      headers: operator,
      payload: payload as object,
    });

  it('given no setting, then the configured quiet period is in force', async () => {
    const response = await app.inject({
      url: '/admin/notification/quiet-period',
      headers: operator,
    });
    expect(response.json()).toEqual({
      from: '22:00',
      until: '07:00',
      timeZone: 'Europe/Copenhagen',
      setAt: null,
      caseReference: null,
    });
  });

  it.each([
    ['begins as it ends', { from: '09:00', until: '09:00', timeZone: 'Europe/Copenhagen' }],
    ['an impossible time', { from: '24:00', until: '07:00', timeZone: 'Europe/Copenhagen' }],
    ['an unknown zone', { from: '22:00', until: '07:00', timeZone: 'Europe/Aarhus' }],
    ['seconds', { from: '22:00:00', until: '07:00', timeZone: 'Europe/Copenhagen' }],
    ['a field too many', { from: '22:00', until: '07:00', timeZone: 'UTC', days: 5 }],
  ])('refuses a period that makes no sense (%s) and writes nothing', async (_, period) => {
    const response = await put({ period, caseReference: 'SAG-2026-1' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await settingEvents()).toHaveLength(0);
  });

  it('refuses a change without a case, or not JSON, and writes nothing', async () => {
    const period = { from: '22:00', until: '07:00', timeZone: 'Europe/Copenhagen' };
    expect((await put({ period })).statusCode).toBe(400);
    expect((await put({ period, caseReference: 'two words' })).statusCode).toBe(400);
    const text = await app.inject({
      method: 'PUT',
      url: '/admin/notification/quiet-period',
      headers: { ...operator, 'content-type': 'text/plain' },
      payload: 'nights',
    });
    expect(text.statusCode).toBe(415);
    expect(await settingEvents()).toHaveLength(0);
  });

  it('given an operator sets 10:00 to 12:00, then an SMS due at 11:00 waits until 12:00', async () => {
    const period = { from: '10:00', until: '12:00', timeZone: 'Europe/Copenhagen' };
    const response = await put({ period, caseReference: 'SAG-2026-2' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ...period, caseReference: 'SAG-2026-2' });
    const [event] = await settingEvents();
    expect(event).toMatchObject({ type: 'SmsQuietPeriodSet', data: period });
    expect(event!.metadata).toMatchObject({ actor: { kind: 'operator', id: 'ops-1' } });
    // The harness's clock: 10:00 UTC, 11:00 in Copenhagen.
    const mailboxId = await h.owner({ phone: '+4511223344', email: 'quiet@example.dk' });
    await h.deliver(mailboxId);
    await h.lettersNoticed(mailboxId, 2);
    await h.service.dispatchDue();
    expect(h.sms.received.filter((sms) => sms.to === '+4511223344')).toHaveLength(0);
    expect(h.smtp.received.filter((mail) => mail.to.includes('quiet@example.dk'))).toHaveLength(1);
    h.clock.now += 3_600_000;
    await h.service.dispatchDue();
    expect(h.sms.received.filter((sms) => sms.to === '+4511223344')).toHaveLength(1);
  });

  it('counts failed notices by channel and why, lists each, and shows what waits', async () => {
    const mailboxId = await h.owner({ phone: null, email: 'gone@example.dk' });
    await h.deliver(mailboxId);
    await h.lettersNoticed(mailboxId, 1);
    await h.service.dispatchDue();
    const response = await app.inject({
      url: '/admin/notification/failures?limit=10',
      headers: operator,
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.counts).toEqual([{ channel: 'email', failure: 'address_refused', count: 1 }]);
    expect(report.failed).toEqual([
      expect.objectContaining({ mailboxId, channel: 'email', failure: 'address_refused' }),
    ]);
    expect(JSON.stringify(report)).not.toContain('gone@');
    const later = await app.inject({
      url: `/admin/notification/failures?since=${new Date(h.clock.now + 1).toISOString()}`,
      headers: operator,
    });
    expect(later.json()).toMatchObject({ counts: [], failed: [] });
  });

  it.each(['since=yesterday', 'limit=0', 'limit=5000', 'mailbox=cpr:1'])(
    'refuses a failure query %s',
    async (query) => {
      const response = await app.inject({
        url: `/admin/notification/failures?${query}`,
        headers: operator,
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );
});
