import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { authorityToken, enroll, letterTo, operatorToken } from '../actors.ts';
import { send, statusReaches, viewer } from '../flows.ts';
import { call } from '../http.ts';
import { launchSystem, type Deployment, type RunningSystem } from '../system.ts';
import { quietLater } from './quietLater.ts';
import { localSinks, outsideProviders, type NoticeProviders } from './received.ts';

const DAY_MS = 86_400_000;

/** A few rounds of the dispatcher (one a second), for what would come late. */
const dispatcherRounds = () => new Promise((resolve) => setTimeout(resolve, 3_000));

// The embedded default writes notices to files through its own local sinks (as `npm start`);
// the deployment at scale hands them to providers outside it.
const cases: Array<[Deployment, () => Promise<NoticeProviders>]> = [
  ['embedded', localSinks],
  ['scale', outsideProviders],
];

describe.each(cases)('notices of new post end to end (%s)', (deployment, providersOf) => {
  let system: RunningSystem;
  let providers: NoticeProviders;
  // The notification service's clock: the machine's, moved forward by the test.
  const clock = { aheadMs: 0 };
  beforeAll(async () => {
    providers = await providersOf();
    const now = () => new Date(Date.now() + clock.aheadMs);
    ({ system } = await launchSystem(deployment, providers.env, { now }));
  }, 120_000);
  afterAll(async () => {
    await system?.close();
    await providers?.close();
  });

  const noticesTo = async (address: string, phone: string) => ({
    mails: (await providers.mails()).filter((mail) => mail.to === address),
    texts: (await providers.texts()).filter((text) => text.to === phone),
  });

  it('tells of three letters with one e-mail and one SMS, and reminds only of the unopened legal notification', async () => {
    const quiet = await call(system.operations, 'PUT', '/admin/notification/quiet-period', {
      token: await operatorToken(system),
      body: { period: quietLater(), caseReference: 'SAG-E2E-1' },
    });
    expect(quiet.status).toBe(200);
    const cpr = '1212120123';
    const [email, phone] = ['karen@example.dk', '+4520304050'];
    await enroll(system, 'cpr', cpr);
    // She registers her details in borger.dk and confirms them.
    const borger = await viewer(system, cpr, 'borger-dk');
    const registered = await borger.put('/v1/me/notice-details', { email, phone });
    expect(registered.status).toBe(200);
    const confirmed = await borger.post(
      '/v1/me/notice-details/confirmation',
      {},
      {
        detailsVersion: registered.body.detailsVersion,
      },
    );
    expect(confirmed.status).toBe(200);

    const recipient = { kind: 'cpr', id: cpr } as const;
    const opened = letterTo(recipient, { legalNotification: true });
    const ordinary = letterTo(recipient);
    const unread = letterTo(recipient, { legalNotification: true });
    for (const letter of [opened, ordinary, unread]) {
      expect((await send(system, letter)).status).toBe(201);
    }
    // The senders see the notice on the letters it named: the first the consumer took (on
    // Kafka, not always the first sent), and those that joined it before it went; one that
    // came after it went is covered by it (one notice a window either way).
    await waitFor(
      async () => {
        const token = await authorityToken(system);
        const statuses = await Promise.all(
          [opened, ordinary, unread].map(async ({ messageUUID }) => {
            const answer = await call(system.senderApi, 'GET', `/v1/messages/${messageUUID}`, {
              token,
            });
            return (answer.body.history ?? []) as Array<{ status: string }>;
          }),
        );
        return statuses.some((history) => history.some((entry) => entry.status === 'notified'));
      },
      { timeoutMs: 60_000, message: 'a letter notified' },
    );
    await waitFor(async () => {
      const now = await noticesTo(email, phone);
      return now.mails.length > 0 && now.texts.length > 0;
    });
    await dispatcherRounds();
    const first = await noticesTo(email, phone);
    expect(first.mails).toHaveLength(1);
    expect(first.texts).toHaveLength(1);
    for (const words of [first.mails[0]!.text, first.mails[0]!.subject, first.texts[0]!.text]) {
      expect(words).not.toContain(opened.title);
      expect(words).not.toContain('statement');
      for (const letter of [opened, ordinary, unread])
        expect(words).not.toContain(letter.messageUUID);
    }
    expect(first.texts[0]!.text).toMatch(/ny post fra skat/);

    // She opens the first legal notification in e-Boks; eight days pass.
    const eboks = await viewer(system, cpr, 'e-boks');
    const read = await eboks.get(`/v1/mailboxes/${eboks.mailbox}/messages/${opened.messageUUID}`);
    expect(read.status).toBe(200);
    await statusReaches(system, opened.messageUUID, 'served');
    clock.aheadMs += 8 * DAY_MS;

    // The unread one is reminded of, on both channels; the opened one never.
    const reminded = await waitFor(
      async () => {
        const now = await noticesTo(email, phone);
        return now.mails.length >= 2 && now.texts.length >= 2 && now;
      },
      { timeoutMs: 30_000, message: 'the reminder of the unread legal notification' },
    );
    expect(reminded.mails[1]!.subject).toMatch(/^Påmindelse/);
    await dispatcherRounds();
    const last = await noticesTo(email, phone);
    expect(last.mails).toHaveLength(2);
    expect(last.texts).toHaveLength(2);
  }, 180_000);
});
