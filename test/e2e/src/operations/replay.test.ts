import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProof, publicKeyOf, type EventProof } from '@digital-post/operations';
import { waitFor } from '@digital-post/testing';
import { enroll, letterTo, operatorToken } from '../actors.ts';
import { call } from '../http.ts';
import { send, statusReaches, viewer } from '../flows.ts';
import { startSystem, type Deployment, type RunningSystem } from '../system.ts';

const deployments: Deployment[] = ['embedded', 'scale'];

/**
 * An SRE replays the log through the operator API, as an incident's first look would, and proves
 * an event of it to someone outside.
 */
describe.each(deployments)('the log replayed by an SRE (%s)', (deployment) => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(deployment);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  const replay = async (query: string, token?: string) => {
    const base = system.toolsOperations ?? system.operations;
    return fetch(`${base}/admin/log?${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  };

  it('gives the routing of a letter by the mailbox it went to, and nothing without a token', async () => {
    const cpr = '0303903456';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');

    const token = await operatorToken(system);
    const answer = await replay(`category=routing&mailbox=cpr:${cpr}`, token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-ndjson');
    const events = (await answer.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'MessageRouted',
        data: expect.objectContaining({
          messageId: letter.messageUUID,
          recipientMailboxId: `cpr:${cpr}`,
          channel: 'digital',
        }),
      }),
    ]);

    const csv = await replay(
      `format=csv&type=MessageAccepted&sender=${events[0].data.letter.senderId}`,
      token,
    );
    expect(await csv.text()).toContain(letter.messageUUID);

    const stranger = await replay(`category=routing&mailbox=cpr:${cpr}`);
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  // The operations process chains the log as it runs; the proof of an open, with the public
  // key the operator API publishes, checks offline.
  it('proves when and through which client the citizen opened the letter', async () => {
    const cpr = '0404904567';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr }, { legalNotification: true });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');
    const app = await viewer(system, cpr, 'digital-post-app');
    expect(
      (await app.get(`/v1/mailboxes/${app.mailbox}/messages/${letter.messageUUID}`)).status,
    ).toBe(200);

    const tools = system.toolsOperations ?? system.operations;
    const as = { token: await operatorToken(system) };
    const opened = await waitFor(async () => {
      const log = await call(tools, 'GET', `/admin/log?type=MessageOpened&mailbox=cpr:${cpr}`, as);
      return typeof log.body === 'object' && (log.body as { eventId: string }).eventId;
    });
    // Chained within a second or so (409 until then); a checkpoint is signed for it at once.
    const proof = await waitFor(async () => {
      const answer = await call(tools, 'GET', `/admin/evidence/proofs/${opened}`, as);
      return answer.status === 200 && (answer.body as EventProof);
    });
    const published = await call(tools, 'GET', '/admin/evidence/checkpoints', as);
    const publicKey = publicKeyOf((published.body as { publicKey: string }).publicKey);
    const check = checkProof(JSON.parse(JSON.stringify(proof)), publicKey);
    expect(check.holds).toBe(true);
    const [, , eventId, , , type, , , data] = check.holds ? check.event : [];
    expect({ eventId, type }).toEqual({ eventId: opened, type: 'MessageOpened' });
    expect(data).toMatchObject({
      messageId: letter.messageUUID,
      viewingClient: 'digital_post_app',
    });
  });

  it('counts a letter sent in the Prometheus metrics, with the request that handed it in', async () => {
    const sample = async (series: string) => {
      const metrics = await call(system.operations, 'GET', '/metrics');
      const line = String(metrics.body)
        .split('\n')
        .find((each) => each.startsWith(`${series} `));
      return Number(line?.split(' ')[1] ?? 0);
    };
    const counted = {
      accepted: 'digitalpost_letters_total{step="accepted",channel=""}',
      routed: 'digitalpost_letters_total{step="routed",channel="digital"}',
      delivered: 'digitalpost_letters_total{step="delivered",channel=""}',
      handedIn:
        'digitalpost_http_request_duration_seconds_count{front="sender-api",method="POST",route="/v1/messages",status="201"}',
    };
    const before = Object.fromEntries(
      await Promise.all(
        Object.entries(counted).map(async ([k, series]) => [k, await sample(series)]),
      ),
    );
    const cpr = '0606906789';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');
    for (const [k, series] of Object.entries(counted)) {
      await waitFor(async () => (await sample(series)) >= before[k]! + 1, { message: series });
    }
  });
});
