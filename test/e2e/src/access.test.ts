import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenToken, clientToken, enroll, letterTo } from './actors.ts';
import { send, statusReaches, viewer } from './flows.ts';
import { startSystem, type Deployment, type RunningSystem } from './system.ts';

const deployments: Deployment[] = ['embedded', 'scale'];

describe.each(deployments)('access for others end to end (%s)', (deployment) => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(deployment);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  /** The son's event stream on his mother's mailbox, through the app, as raw server-sent events. */
  const openStream = async (cpr: string, mailboxId: string) => {
    const response = await fetch(`${system.gateway}/v1/mailboxes/${mailboxId}/events`, {
      headers: {
        authorization: `Bearer ${await citizenToken(system, cpr, 'digital-post-app')}`,
        'x-client-token': await clientToken(system, 'digital-post-app'),
      },
    });
    expect(response.status).toBe(200);
    return response.body!.pipeThrough(new TextDecoderStream()).getReader();
  };

  it('a mother gives her son full access; he reads and replies for her; she revokes it', async () => {
    const [motherCpr, sonCpr] = ['0303503456', '0404804567'];
    const mailbox = `cpr:${motherCpr}`;
    await enroll(system, 'cpr', motherCpr);
    const letter = letterTo({ kind: 'cpr', id: motherCpr }, { reply: { allowed: true } });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');

    const mother = await viewer(system, motherCpr, 'mit-dk');
    const granted = await mother.post(
      `/v1/mailboxes/${mailbox}/access`,
      {},
      {
        holderCpr: sonCpr,
        access: 'full',
      },
    );
    expect(granted.status).toBe(201);

    // He switches to her mailbox in mit.dk and reads the letter there.
    const sonInMitDk = await viewer(system, sonCpr, 'mit-dk');
    const his = await sonInMitDk.get('/v1/me/mailboxes');
    expect(his.body.mailboxes).toContainEqual({
      mailboxId: mailbox,
      kind: 'cpr',
      right: 'full',
      endsAt: null,
    });
    const opened = await sonInMitDk.get(`/v1/mailboxes/${mailbox}/messages/${letter.messageUUID}`);
    expect(opened.status).toBe(200);

    // He answers it on her behalf from the app.
    const sonInApp = await viewer(system, sonCpr, 'digital-post-app');
    const reply = await sonInApp.post(
      `/v1/mailboxes/${mailbox}/messages/${letter.messageUUID}/replies`,
      {},
      {
        title: 'Re: Your annual tax statement',
        text: 'Written for my mother.',
      },
    );
    expect(reply.status).toBe(201);

    // She revokes: his open stream closes, and his next request is refused as for no mailbox.
    const stream = await openStream(sonCpr, mailbox);
    expect((await stream.read()).value).toContain('event: state');
    const revoked = await mother.delete(`/v1/mailboxes/${mailbox}/access/cpr:${sonCpr}`);
    expect(revoked.status).toBe(204);
    let rest = '';
    for (let part = await stream.read(); !part.done; part = await stream.read()) rest += part.value;
    expect(rest).toContain('event: revoked');
    expect((await sonInMitDk.get(`/v1/mailboxes/${mailbox}/messages`)).status).toBe(404);

    // Her event log shows what he did, for her, and through which client.
    const log = await mother.get(`/v1/mailboxes/${mailbox}/event-log?limit=100`);
    const hisActs = log.body.entries.filter(
      (entry: { actorId: string }) => entry.actorId === `cpr:${sonCpr}`,
    );
    expect(hisActs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventType: 'MessageOpened',
          onBehalfOf: mailbox,
          viewingClient: 'mit_dk',
        }),
        expect.objectContaining({
          eventType: 'MessageWritten',
          onBehalfOf: mailbox,
          viewingClient: 'digital_post_app',
        }),
      ]),
    );
  });
});
