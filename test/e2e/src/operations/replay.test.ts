import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, letterTo, operatorToken } from '../actors.ts';
import { send, statusReaches } from '../flows.ts';
import { startSystem, type Deployment, type RunningSystem } from '../system.ts';

const deployments: Deployment[] = ['embedded', 'scale'];

/** An SRE replays the log through the operator API, as an incident's first look would. */
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
});
