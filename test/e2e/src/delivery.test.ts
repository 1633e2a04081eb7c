import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import {
  authorityToken,
  citizenToken,
  clientToken,
  enroll,
  exempt,
  forward,
  letterTo,
} from './actors.ts';
import { send, statusReaches, viewer } from './flows.ts';
import { call } from './http.ts';
import { startSystem, type Deployment, type RunningSystem } from './system.ts';

const deployments: Deployment[] = ['embedded', 'scale'];

describe.each(deployments)('post delivery end to end (%s)', (deployment) => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(deployment);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  it('delivers a letter to every client of the mailbox and syncs a read between them', async () => {
    const cpr = '0101901234';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');

    const eboks = await viewer(system, cpr, 'e-boks');
    const mitdk = await viewer(system, cpr, 'mit-dk');
    const listed = await mitdk.messages();
    expect(listed.messages.map((m: { messageId: string }) => m.messageId)).toContain(
      letter.messageUUID,
    );
    expect((await eboks.messages()).messages).toHaveLength(listed.messages.length);

    const opened = await eboks.get(`/v1/mailboxes/${eboks.mailbox}/messages/${letter.messageUUID}`);
    expect(opened.status).toBe(200);
    const changes = await waitFor(async () => {
      const answer = await mitdk.get(
        `/v1/mailboxes/${mitdk.mailbox}/changes?sinceState=${listed.state}`,
      );
      return answer.body.updated?.includes(letter.messageUUID) && answer.body;
    });
    expect(changes.newState).not.toBe(listed.state);
  });

  it('routes by the enrollment as recorded, not as any topic has carried it yet', async () => {
    // At scale enrollments and letters travel on different topics; routing decides from the
    // store's enrollment stream, so a letter sent the moment the enrollment service has
    // recorded the enrollment is digital, however far behind the enrollment topic is.
    const cpr = '0606606789';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr });
    await send(system, letter);
    const status = await statusReaches(system, letter.messageUUID, 'delivered');
    expect(status.history.some((e: { status: string }) => e.status === 'printed')).toBe(false);
  });

  it('serves a legal notification on its first open only', async () => {
    const cpr = '0202802345';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr }, { legalNotification: true });
    await send(system, letter);
    await statusReaches(system, letter.messageUUID, 'delivered');
    const app = await viewer(system, cpr, 'digital-post-app');
    await app.get(`/v1/mailboxes/${app.mailbox}/messages/${letter.messageUUID}`);
    const served = await statusReaches(system, letter.messageUUID, 'served');
    const eboks = await viewer(system, cpr, 'e-boks');
    await eboks.get(`/v1/mailboxes/${eboks.mailbox}/messages/${letter.messageUUID}`);
    const later = await statusReaches(system, letter.messageUUID, 'served');
    const servedEntries = (s: typeof served) =>
      s.history.filter((e: { status: string }) => e.status === 'served');
    expect(servedEntries(later)).toEqual(servedEntries(served));
    expect(servedEntries(later)).toHaveLength(1);
    expect(JSON.stringify(servedEntries(later)[0].details)).toMatch(/digital_post_app/);
  });

  it("keeps a letter out of every mailbox until its sender's delivery time", async () => {
    const cpr = '0303803456';
    await enroll(system, 'cpr', cpr);
    const due = new Date(Date.now() + 6_000);
    const letter = letterTo(
      { kind: 'cpr', id: cpr },
      { legalNotification: true, doNotDeliverUntil: due.toISOString() },
    );
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'routed');
    const eboks = await viewer(system, cpr, 'e-boks');
    const path = `/v1/mailboxes/${eboks.mailbox}/messages/${letter.messageUUID}`;
    const ids = async () =>
      (await eboks.messages()).messages.map((m: { messageId: string }) => m.messageId);
    // Before the time: not listed, not opened (so not served), not delivered for its sender.
    expect(await ids()).not.toContain(letter.messageUUID);
    expect((await eboks.get(path)).status).toBe(404);
    const before = await statusReaches(system, letter.messageUUID, 'routed');
    expect(Date.now()).toBeLessThan(due.getTime());
    const statuses = before.history.map((entry: { status: string }) => entry.status);
    expect(statuses).not.toContain('delivered');
    expect(statuses).not.toContain('served');

    const delivered = await statusReaches(system, letter.messageUUID, 'delivered');
    const deliveredAt = delivered.history.find(
      (entry: { status: string }) => entry.status === 'delivered',
    ).at;
    expect(Date.parse(deliveredAt)).toBeGreaterThanOrEqual(due.getTime());
    expect(await ids()).toContain(letter.messageUUID);
    expect((await eboks.get(path)).status).toBe(200);
  });

  it('forwards by an organisation rule, and holds a letter caught in a forwarding loop', async () => {
    for (const cvr of ['11111111', '22222222', '33333333']) await enroll(system, 'cvr', cvr);
    await forward(system, 'cvr:11111111', 'cvr:22222222');
    const forwarded = letterTo({ kind: 'cvr', id: '11111111' });
    await send(system, forwarded);
    const routed = await statusReaches(system, forwarded.messageUUID, 'delivered');
    expect(JSON.stringify(routed.history)).toContain('cvr:22222222');

    await forward(system, 'cvr:33333333', 'cvr:11111111');
    await forward(system, 'cvr:22222222', 'cvr:33333333');
    const looping = letterTo({ kind: 'cvr', id: '33333333' });
    await send(system, looping);
    const held = await statusReaches(system, looping.messageUUID, 'failed', 'held');
    expect(held.history.some((e: { status: string }) => e.status === 'delivered')).toBe(false);
  });

  it("threads an authority's answer with the citizen's letter, and no one else's", async () => {
    const cpr = '0707707890';
    await enroll(system, 'cpr', cpr);
    const citizen = await viewer(system, cpr, 'mit-dk');
    const written = await citizen.post(
      `/v1/mailboxes/${citizen.mailbox}/messages`,
      {},
      {
        to: { authorityId: 'skat' },
        title: 'Question about my statement',
        text: 'Why is line 3 what it is?',
      },
    );
    expect(written.status).toBe(201);
    const { messageId, threadId } = written.body;
    const answer = letterTo({ kind: 'cpr', id: cpr }, { inReplyTo: messageId });
    const intruder = {
      ...letterTo({ kind: 'cpr', id: cpr }, { inReplyTo: messageId }),
      sender: { authorityId: 'kommune-101' },
    };
    expect((await send(system, answer)).status).toBe(201);
    expect((await send(system, intruder, 'kommune-101')).status).toBe(201);
    const inbox = await waitFor(async () => {
      const listed = (await citizen.messages()).messages as Array<Record<string, string>>;
      const ids = listed.map((m) => m.messageId);
      return ids.includes(answer.messageUUID) && ids.includes(intruder.messageUUID) && listed;
    });
    const threadOf = (id: string) => inbox.find((m) => m.messageId === id)!.threadId;
    expect(threadOf(answer.messageUUID)).toBe(threadId);
    expect(threadOf(intruder.messageUUID)).toBe(intruder.messageUUID);
  });

  it('sends paper post to an exempt citizen', async () => {
    const cpr = '0303703456';
    await enroll(system, 'cpr', cpr);
    expect(await exempt(system, 'cpr', cpr)).toMatchObject({ channel: 'paper', reason: 'exempt' });
    const letter = letterTo({ kind: 'cpr', id: cpr });
    await send(system, letter);
    await statusReaches(system, letter.messageUUID, 'printed');
    const printed = await readdir(system.printDir);
    expect(printed.filter((file) => file.includes(letter.messageUUID))).toHaveLength(1);
  });

  it('answers the same messageUUID again with the first answer, and other content with 409', async () => {
    const letter = letterTo({ kind: 'authority', id: 'kommune-101' });
    const first = await send(system, letter);
    const again = await send(system, letter);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = await send(system, { ...letter, title: 'Another title' });
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets no one into a mailbox or a status that is not theirs', async () => {
    const owner = await viewer(system, '0101901234', 'e-boks');
    const stranger = await viewer(system, '0404604567', 'e-boks');
    const other = await stranger.get(`/v1/mailboxes/${owner.mailbox}/messages`);
    const none = await stranger.get(`/v1/mailboxes/cpr:0505505678/messages`);
    expect(other.status).toBe(404);
    const { instance: _i1, correlationId: _c1, ...otherProblem } = other.body;
    const { instance: _i2, correlationId: _c2, ...noneProblem } = none.body;
    expect(otherProblem).toEqual(noneProblem);
    const noUser = await call(system.gateway, 'GET', '/v1/mailboxes', {
      clientToken: await clientToken(system, 'e-boks'),
    });
    expect(noUser.status).toBe(401);
    const leaked = await call(system.gateway, 'GET', '/v1/mailboxes', {
      token: await citizenToken(system, '0101901234', 'e-boks'),
      clientToken: await clientToken(system, 'mit-dk'),
    });
    expect(leaked.status).toBe(401);
    const forged = await call(system.gateway, 'GET', '/v1/mailboxes', {
      token: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJjcHI6MDEwMTkwMTIzNCJ9.c2lnbmF0dXJl',
    });
    expect(forged.status).toBe(401);
    const letter = letterTo({ kind: 'cpr', id: '0101901234' });
    await send(system, letter);
    const otherAuthority = await call(
      system.senderApi,
      'GET',
      `/v1/messages/${letter.messageUUID}`,
      {
        token: await authorityToken(system, 'kommune-101'),
      },
    );
    expect(otherAuthority.status).toBe(404);
  });
});
