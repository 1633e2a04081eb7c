import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import {
  authorityToken,
  citizenToken,
  clientToken,
  employeeToken,
  enroll,
  letterTo,
  operatorToken,
} from './actors.ts';
import { send, statusReaches, viewer } from './flows.ts';
import { call } from './http.ts';
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

  /** The tax agency's case system takes a letter from its incoming feed, as it polls for new ones. */
  const fetchedByTheAgency = async (messageId: string) => {
    const token = await authorityToken(system);
    const letter = await waitFor(async () => {
      const page = await call(system.senderApi, 'GET', '/v1/incoming?limit=100', { token });
      expect(page.status).toBe(200);
      const found = page.body.letters.find(
        (candidate: { messageUUID: string }) => candidate.messageUUID === messageId,
      );
      return found && { ...found, next: page.body.next as string };
    });
    const text = await call(system.senderApi, 'GET', letter.documents[0].files[0].href, { token });
    const acknowledged = await call(system.senderApi, 'POST', '/v1/incoming/acknowledgement', {
      token,
      body: { cursor: letter.next },
    });
    expect(acknowledged.status).toBe(200);
    return { letter, text: text.body as string };
  };

  /** A clerk of the agency, given the right to read by the agency's first administrator. */
  const agencyClerk = async () => {
    const skat = 'authority:skat';
    const cvr = '29403473';
    const appointed = await call(system.operations, 'POST', '/admin/access/administrators', {
      token: await operatorToken(system),
      body: { mailboxId: skat, employee: { cvr, rid: '1001' }, caseReference: 'E2E-ACCESS-1' },
    });
    expect(appointed.status).toBe(201);
    const asEmployee = async (rid: string) => ({
      token: await employeeToken(system, cvr, 'e-boks', rid),
      clientToken: await clientToken(system, 'e-boks'),
    });
    const granted = await call(system.gateway, 'POST', `/v1/mailboxes/${skat}/access`, {
      ...(await asEmployee('1001')),
      body: { employee: { cvr, rid: '1002' }, right: 'read' },
    });
    expect(granted.status).toBe(201);
    const clerk = await asEmployee('1002');
    return (path: string) => call(system.gateway, 'GET', `/v1/mailboxes/${skat}${path}`, clerk);
  };

  it('a mother gives her son full access; he reads and replies for her; the agency sees who wrote it; she revokes it', async () => {
    const [motherCpr, sonCpr] = ['0303503456', '0404804567'];
    const mailbox = `cpr:${motherCpr}`;
    await enroll(system, 'cpr', motherCpr);
    // Access is given only to a person the population register knows.
    await enroll(system, 'cpr', sonCpr);
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
    const writtenBy = { actorId: `cpr:${sonCpr}`, onBehalfOf: mailbox };

    // The agency's system fetches the reply from its feed, and sees who wrote it for whom.
    const fetched = await fetchedByTheAgency(reply.body.messageId);
    expect(fetched.letter).toMatchObject({
      from: mailbox,
      writtenBy,
      inReplyTo: letter.messageUUID,
      title: 'Re: Your annual tax statement',
    });
    expect(fetched.text).toBe('Written for my mother.');
    // A clerk reads the same letter in the agency's mailbox through the gateway.
    const clerkReads = await agencyClerk();
    const atTheAgency = await clerkReads(`/messages/${reply.body.messageId}`);
    expect(atTheAgency.status).toBe(200);
    expect(atTheAgency.body.content).toMatchObject({ writtenBy });

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
