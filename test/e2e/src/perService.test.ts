import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsSink, type SmsSink } from '@digital-post/notification/testing';
import { openStore, platformConfigSchema } from '@digital-post/platform';
import { waitFor } from '@digital-post/testing';
import { authorityToken, enroll, letterTo, operatorToken } from './actors.ts';
import { send, statusReaches, viewer } from './flows.ts';
import { call } from './http.ts';
import { quietLater } from './notices/quietLater.ts';
import { startProcessPerService, type PerServiceSystem } from './perService.ts';

/** A connection of our own to the deployment's database, as the owner or as a service's role. */
const connect = (url: string) =>
  openStore(platformConfigSchema.parse({ DIGITAL_POST_DATABASE_URL: url }));

describe('one process per service, as the containers run at scale', () => {
  let system: PerServiceSystem;
  let sms: SmsSink;
  let tokenDir: string;
  // Set by a test: what the SMS provider does once it has taken an SMS, before it answers.
  let onTaken: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    sms = await startSmsSink(undefined, async () => {
      const then = onTaken;
      onTaken = undefined;
      await then?.();
    });
    tokenDir = await mkdtemp(join(tmpdir(), 'dp-sms-token-'));
    await writeFile(join(tokenDir, 'token'), sms.token);
    system = await startProcessPerService({
      notification: {
        DIGITAL_POST_SMS_URL: sms.url,
        DIGITAL_POST_SMS_TOKEN_FILE: join(tokenDir, 'token'),
        DIGITAL_POST_NOTICE_CLAIM_SECONDS: '2',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await system?.close();
    await sms?.close();
    await rm(tokenDir, { recursive: true, force: true });
  }, 60_000);

  it('delivers a letter across the processes and reports its first open to the sender', async () => {
    const cpr = '0808808901';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr }, { legalNotification: true });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');
    const app = await viewer(system, cpr, 'digital-post-app');
    const opened = await app.get(`/v1/mailboxes/${app.mailbox}/messages/${letter.messageUUID}`);
    expect(opened.status).toBe(200);
    await statusReaches(system, letter.messageUUID, 'served');
    // An SRE replays the letter's routing from the operations service's own process.
    const replayed = await fetch(
      `${system.toolsOperations}/admin/log?stream=routing-${letter.messageUUID}`,
      { headers: { authorization: `Bearer ${await operatorToken(system)}` } },
    );
    expect(replayed.status).toBe(200);
    expect(JSON.parse((await replayed.text()).trimEnd())).toMatchObject({ type: 'MessageRouted' });
  });

  it("runs each process as its service's own role, which cannot read another's tables", async () => {
    const { ownerUrl, setup } = system.database;
    const roles = Object.values(setup.roles);
    const owner = await connect(ownerUrl);
    try {
      const connected = await owner.db.query<{ usename: string }>(
        `select distinct usename from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`,
      );
      const users = connected.map((row) => row.usename);
      // Every process but the gateway's is a candidate relay, listening for appends.
      expect(users).toContain(setup.roles.routing);
      expect(users.filter((user) => !roles.includes(user))).toEqual([]);
    } finally {
      await owner.store.close();
    }
    for (const [service, table] of [
      ['gateway', 'mailbox.letters'],
      ['sender-api', 'mailbox.letters'],
      ['mailbox', 'enrollment.people'],
      ['routing', 'sender_api.messages'],
      ['operations', 'content.letters'],
    ] as const) {
      const opened = await connect(setup.urlFor(service));
      try {
        await expect(opened.db.query(`select * from ${table}`), service).rejects.toThrow(
          /permission denied/,
        );
      } finally {
        await opened.store.close();
      }
    }
  });

  it('sends an SMS once when the notification process dies between the provider taking it and its record', async () => {
    const cpr = '0707707890';
    const phone = '+4530405060';
    const quiet = await call(
      system.notificationOperations,
      'PUT',
      '/admin/notification/quiet-period',
      {
        token: await operatorToken(system),
        body: { period: quietLater(), caseReference: 'SAG-E2E-2' },
      },
    );
    expect(quiet.status).toBe(200);
    await enroll(system, 'cpr', cpr);
    const borger = await viewer(system, cpr, 'borger-dk');
    expect((await borger.put('/v1/me/notice-details', { phone, email: null })).status).toBe(200);
    onTaken = () => system.killNotification();
    const letter = letterTo({ kind: 'cpr', id: cpr });
    expect((await send(system, letter)).status).toBe(201);
    await waitFor(() => sms.received.some((text) => text.to === phone), {
      timeoutMs: 60_000,
      message: 'the SMS in the provider’s hands',
    });
    // Killed before the provider's answer reached it: the notice is still in its hands.
    await system.startNotification();
    // Its claim runs out; the SMS is handed again under its key, answered as before, recorded.
    await statusReaches(system, letter.messageUUID, 'notified');
    expect(sms.received.filter((text) => text.to === phone)).toHaveLength(1);
  });

  // Last: it moves the sender API to a new process.
  it('serves authorities at once when the sender API is killed and restarted, while its Kafka group waits out the dead member', async () => {
    const cpr = '0909909012';
    await enroll(system, 'cpr', cpr);
    const restarted = await system.restartSenderApi();
    const reachability = await call(restarted.senderApi, 'GET', `/v1/reachability/cpr/${cpr}`, {
      token: await authorityToken(system),
    });
    expect(reachability.status).toBe(200);
    expect(reachability.body.channel).toBe('digital');
    const consumers = await call(restarted.operations, 'GET', '/admin/consumers', {
      token: await operatorToken(system),
    });
    // Kafka hands the killed member's partitions on only after its session (30 s) ends.
    expect(consumers.body.consumers).toContainEqual(expect.objectContaining({ state: 'joining' }));
    const ready = await call(restarted.operations, 'GET', '/ready');
    expect(ready.status, JSON.stringify(ready.body)).toBe(200);

    const letter = letterTo({ kind: 'cpr', id: cpr });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');
  });
});
