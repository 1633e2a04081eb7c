import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '@digital-post/auth';
import type { MailboxAction } from '@digital-post/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  bo,
  openGatewayFixture,
  type GatewayFixture,
  portTransports,
} from '../testing/index.ts';

/**
 * Every mailbox route of the gateway against every kind of actor: the owner, holders of read and
 * of full access, a holder whose access was revoked or has ended, employees with each right, an
 * employee of another organisation, and a stranger. Each is allowed exactly what their right
 * gives, and a refusal is the 404 of a mailbox that does not exist, with nothing written.
 */
const carl: Principal = { kind: 'citizen', cpr: '0303703456' };
const dora: Principal = { kind: 'citizen', cpr: '0404604567' };
const erik: Principal = { kind: 'citizen', cpr: '0505505678' };
const stranger: Principal = { kind: 'citizen', cpr: '0606406789' };
const company = 'cvr:12345678';
const employee = (rid: string): Principal => ({ kind: 'employee', cvr: '12345678', rid });
const outsider: Principal = { kind: 'employee', cvr: '87654321', rid: '1' };

type Capability = MailboxAction | 'see-grants';
const reading: Capability[] = ['read', 'see-grants'];
const full: Capability[] = [...reading, 'organise', 'write', 'delete'];
const everything: Capability[] = [...full, 'administer'];

/** Who acts, on which mailbox, and what they may do there. */
const actors: Array<[string, Principal, string, Capability[]]> = [
  ['the owner', anna, annasMailbox, everything],
  ['a read holder', bo, annasMailbox, reading],
  ['a full holder', carl, annasMailbox, full],
  ['a revoked holder', dora, annasMailbox, []],
  ['a holder after the end date', erik, annasMailbox, []],
  ['a stranger', stranger, annasMailbox, []],
  ['an employee with read', employee('2'), company, reading],
  ['an employee with write', employee('3'), company, full],
  ['an administrator', employee('1'), company, everything],
  ['an employee of another organisation', outsider, company, []],
  ['an employee without a right', employee('9'), company, []],
];

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: object;
  headers?: Record<string, string>;
}

describe.each(portTransports)('access over %s ports', (ports) => {
  let fx: GatewayFixture;
  const pdf = Buffer.from(`%PDF ${randomUUID()}`);
  const sha256 = createHash('sha256').update(pdf).digest('hex');

  beforeAll(async () => {
    fx = await openGatewayFixture({
      ports,
      // Everyone given access below; the population register knows them.
      people: [
        '0202802345',
        '0303703456',
        '0404604567',
        '0505505678',
        '0606406789',
        '0707307890',
        '0808208901',
      ],
    });
    const as = (person: Principal) => ({
      person: person as never,
      viewingClient: 'mit_dk' as const,
    });
    const grant = (holder: Principal, access: 'read' | 'full', endsAt?: string) =>
      fx.access.grant(as(anna), annasMailbox, {
        holderCpr: (holder as { cpr: string }).cpr,
        access,
        ...(endsAt && { endsAt }),
      });
    await grant(bo, 'read');
    await grant(carl, 'full');
    await grant(dora, 'full');
    await fx.access.revoke(as(anna), annasMailbox, 'cpr:0404604567');
    const ends = new Date(Date.now() + 1500);
    await grant(erik, 'full', ends.toISOString());
    await fx.access.appointAdministrator('ops-1', company, { cvr: '12345678', rid: '1' }, 'SR-7');
    const admin = as(employee('1'));
    await fx.access.grant(admin, company, {
      employee: { cvr: '12345678', rid: '2' },
      right: 'read',
    });
    await fx.access.grant(admin, company, {
      employee: { cvr: '12345678', rid: '3' },
      right: 'write',
    });
    // Erik's access has ended by the time any request is made.
    await sleep(Math.max(0, ends.getTime() - Date.now() + 50));
  });
  afterAll(() => fx.close());

  const letterIn = (mailboxId: string) =>
    fx.deliver({
      recipientMailboxId: mailboxId,
      senderId: 'authority:skat',
      replyAllowed: true,
      attachment: { name: 'a.pdf', mimeType: 'application/pdf', bytes: pdf },
    });
  const versioned = { 'if-match': '"1"' };

  /** Each route, and what it takes: a call made fresh for each actor, on their mailbox. */
  const routes: Array<[string, Capability, (mailboxId: string) => Promise<Call>]> = [
    ['list folders', 'read', async (m) => ({ method: 'GET', url: `/v1/mailboxes/${m}/folders` })],
    [
      'make a folder',
      'organise',
      async (m) => ({
        method: 'POST',
        url: `/v1/mailboxes/${m}/folders`,
        body: { name: randomUUID() },
      }),
    ],
    [
      'rename a folder',
      'organise',
      async (m) => {
        const { folderId } = await fx.mailbox.port.createFolder(ownerOf(m), m, randomUUID());
        return {
          method: 'PUT',
          url: `/v1/mailboxes/${m}/folders/${folderId}/name`,
          body: { name: randomUUID() },
        };
      },
    ],
    [
      'delete a folder',
      'organise',
      async (m) => {
        const { folderId } = await fx.mailbox.port.createFolder(ownerOf(m), m, randomUUID());
        return { method: 'DELETE', url: `/v1/mailboxes/${m}/folders/${folderId}` };
      },
    ],
    ['list letters', 'read', async (m) => ({ method: 'GET', url: `/v1/mailboxes/${m}/messages` })],
    [
      'open a letter',
      'read',
      async (m) => ({ method: 'GET', url: `/v1/mailboxes/${m}/messages/${await letterIn(m)}` }),
    ],
    [
      'download a file',
      'read',
      async (m) => ({
        method: 'GET',
        url: `/v1/mailboxes/${m}/messages/${await letterIn(m)}/files/${sha256}`,
      }),
    ],
    ...(['read', 'unread'] as const).map(
      (mark): [string, Capability, (m: string) => Promise<Call>] => [
        `mark a letter ${mark}`,
        'read',
        async (m) => ({
          method: 'POST',
          url: `/v1/mailboxes/${m}/messages/${await letterIn(m)}/${mark}`,
          headers: versioned,
        }),
      ],
    ),
    [
      'move a letter',
      'read',
      async (m) => ({
        method: 'POST',
        url: `/v1/mailboxes/${m}/messages/${await letterIn(m)}/move`,
        body: { folderId: 'archive' },
        headers: versioned,
      }),
    ],
    [
      'delete a letter',
      'delete',
      async (m) => ({ method: 'DELETE', url: `/v1/mailboxes/${m}/messages/${await letterIn(m)}` }),
    ],
    [
      'write a letter',
      'write',
      async (m) => ({
        method: 'POST',
        url: `/v1/mailboxes/${m}/messages`,
        body: { to: { authorityId: 'skat' }, title: 'Klage', text: 'Tekst' },
      }),
    ],
    [
      'reply',
      'write',
      async (m) => ({
        method: 'POST',
        url: `/v1/mailboxes/${m}/messages/${await letterIn(m)}/replies`,
        body: { title: 'Svar', text: 'Tekst' },
      }),
    ],
    [
      'see changes',
      'read',
      async (m) => ({ method: 'GET', url: `/v1/mailboxes/${m}/changes?sinceState=0` }),
    ],
    [
      'read the event log',
      'read',
      async (m) => ({ method: 'GET', url: `/v1/mailboxes/${m}/event-log` }),
    ],
    [
      'see the grants',
      'see-grants',
      async (m) => ({ method: 'GET', url: `/v1/mailboxes/${m}/access` }),
    ],
    [
      'give access',
      'administer',
      async (m) => ({
        method: 'POST',
        url: `/v1/mailboxes/${m}/access`,
        body:
          m === company
            ? {
                employee: { cvr: '12345678', rid: String(100 + Math.floor(Math.random() * 1e6)) },
                right: 'read',
              }
            : { holderCpr: '0707307890', access: 'read' },
      }),
    ],
    [
      'take access back',
      'administer',
      async (m) => {
        const by = { person: ownerOf(m).person, viewingClient: 'mit_dk' as const };
        const body =
          m === company
            ? { employee: { cvr: '12345678', rid: '77' }, right: 'read' as const }
            : { holderCpr: '0808208901', access: 'read' as const };
        await fx.access.grant(by, m, body);
        const holderId = m === company ? 'cvr:12345678:rid:77' : 'cpr:0808208901';
        return { method: 'DELETE', url: `/v1/mailboxes/${m}/access/${holderId}` };
      },
    ],
  ];

  /** Who may do anything on the mailbox, to prepare what a route acts on. */
  const ownerOf = (mailboxId: string) =>
    mailboxId === company
      ? {
          person: { kind: 'employee' as const, cvr: '12345678', rid: '1' },
          viewingClient: 'e_boks' as const,
        }
      : {
          person: { kind: 'citizen' as const, cpr: '0101901234' },
          viewingClient: 'e_boks' as const,
        };

  const table = actors.flatMap(([who, person, mailboxId, may]) =>
    routes.map(
      ([what, needs, prepare]) =>
        [who, what, person, mailboxId, may.includes(needs), prepare] as const,
    ),
  );

  it.each(table)('%s: %s', async (_who, _what, person, mailboxId, allowed, prepare) => {
    const call = await prepare(mailboxId);
    const before = await fx.eventCount();
    const response = await fx.app.inject({
      method: call.method,
      url: call.url,
      headers: { ...(await fx.headers(person)), ...call.headers },
      ...(call.body && { payload: call.body }),
    });
    if (allowed) {
      expect(response.statusCode, response.body).toBeLessThan(300);
      return;
    }
    expect(response.statusCode, response.body).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    // A refused open or download is no open: nothing is logged in the owner's mailbox.
    expect(await fx.eventCount()).toBe(before);
  });

  it('lists each person the mailboxes they may act for, with the right', async () => {
    const mine = async (person: Principal) =>
      (
        await fx.app.inject({
          method: 'GET',
          url: '/v1/me/mailboxes',
          headers: await fx.headers(person),
        })
      ).json();
    expect(await mine(carl)).toEqual({
      mailboxes: [
        { mailboxId: 'cpr:0303703456', kind: 'cpr', right: 'owner', endsAt: null },
        { mailboxId: annasMailbox, kind: 'cpr', right: 'full', endsAt: null },
      ],
    });
    expect((await mine(erik)).mailboxes.map((m: { mailboxId: string }) => m.mailboxId)).toEqual([
      'cpr:0505505678',
    ]);
    expect(await mine(employee('3'))).toEqual({
      mailboxes: [{ mailboxId: company, kind: 'cvr', right: 'write', endsAt: null }],
    });
  });
});
