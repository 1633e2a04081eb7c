import type { Principal } from '@digital-post/auth';
import { NOT_FOUND_DETAIL } from '@digital-post/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  bo,
  expectProblem,
  openGatewayFixture,
  portTransports,
  type GatewayFixture,
} from '../testing/index.ts';

/**
 * A company's and an authority's details for notices, set by the organisation's administrators
 * through `/v1/mailboxes/{mailboxId}/notice-details`. Whoever may not administer the mailbox, a
 * citizen's mailbox included, gets the 404 of a mailbox that does not exist, with nothing written.
 */
const company = 'cvr:12345678';
const employee = (rid: string): Principal => ({ kind: 'employee', cvr: '12345678', rid });
const administrator = employee('1');
const agency = 'authority:skat';
const agencyAdministrator: Principal = { kind: 'employee', cvr: '29403473', rid: '1001' };
const outsider: Principal = { kind: 'employee', cvr: '87654321', rid: '1' };
const carl: Principal = { kind: 'citizen', cpr: '0303703456' };

type Method = 'GET' | 'PUT' | 'POST';
const urlOf = (mailboxId: string) => `/v1/mailboxes/${mailboxId}/notice-details`;
const confirmationOf = (mailboxId: string) => `${urlOf(mailboxId)}/confirmation`;

describe.each(portTransports)('organisations’ details for notices over %s ports', (ports) => {
  let fx: GatewayFixture;

  beforeAll(async () => {
    fx = await openGatewayFixture({
      ports,
      openApi: true,
      people: ['0202802345', '0303703456'],
    });
    const as = (person: Principal) => ({
      person: person as never,
      viewingClient: 'e_boks' as const,
    });
    await fx.access.appointAdministrator('ops-1', company, { cvr: '12345678', rid: '1' }, 'SR-7');
    await fx.access.appointAdministrator('ops-1', agency, { cvr: '29403473', rid: '1001' }, 'SR-8');
    for (const [rid, right] of [
      ['2', 'read'],
      ['3', 'write'],
    ] as const) {
      await fx.access.grant(as(administrator), company, {
        employee: { cvr: '12345678', rid },
        right,
      });
    }
    // Bo may do anything with Anna's post but administer it; Carl may read it.
    await fx.access.grant(as(anna), annasMailbox, { holderCpr: '0202802345', access: 'full' });
    await fx.access.grant(as(anna), annasMailbox, { holderCpr: '0303703456', access: 'read' });
  });
  afterAll(() => fx.close());

  const call = async (person: Principal, method: Method, url: string, body?: object) =>
    fx.app.inject({
      method,
      url,
      headers: await fx.headers(person),
      ...(body === undefined ? {} : { payload: body }),
    });

  /** Events and stored details: what a refused request must leave as it was. */
  const written = async () => ({
    events: await fx.eventCount(),
    rows: (
      await fx.db.query<{ mailbox_id: string; details_version: number }>(
        'select mailbox_id, details_version from notification.notice_details order by 1, 2',
      )
    ).map((row) => `${row.mailbox_id}@${row.details_version}`),
  });

  /** Every one of the three routes on the mailbox, as a valid request of its owner would be. */
  const everyRoute = (mailboxId: string): Array<[Method, string, object?]> => [
    ['GET', urlOf(mailboxId)],
    ['PUT', urlOf(mailboxId), { phone: '+4599999999', email: 'taken@example.dk' }],
    ['POST', confirmationOf(mailboxId), { detailsVersion: 1 }],
  ];

  /** The answer for a mailbox that does not exist, to compare refusals with. */
  const nowhere = async (person: Principal) => {
    const answer = await call(person, 'GET', urlOf('cvr:99999999'));
    expectProblem(answer, 404, 'not-found');
    const { type, title, status, detail } = answer.json();
    expect(detail).toBe(NOT_FOUND_DETAIL);
    return { type, title, status, detail };
  };

  const expectRefusedAsNowhere = async (person: Principal, mailboxId: string) => {
    const same = await nowhere(person);
    const before = await written();
    for (const [method, url, body] of everyRoute(mailboxId)) {
      const answer = await call(person, method, url, body);
      expectProblem(answer, 404, 'not-found');
      const { type, title, status, detail } = answer.json();
      expect({ type, title, status, detail }, `${method} ${url}`).toEqual(same);
    }
    expect(await written()).toEqual(before);
  };

  it('an administrator of a company sets, confirms and reads its details', async () => {
    const url = urlOf(company);
    expectProblem(await call(administrator, 'GET', url), 404, 'not-found');

    const set = await call(administrator, 'PUT', url, {
      phone: '+4587654321',
      email: 'post@firma.dk',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.headers['cache-control']).toBe('no-store');
    expect(set.json()).toMatchObject({
      detailsVersion: 1,
      phone: '+4587654321',
      email: 'post@firma.dk',
      channels: ['sms', 'email'],
      confirmedAt: null,
      failing: [],
    });
    const confirmed = await call(administrator, 'POST', confirmationOf(company), {
      detailsVersion: 1,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().confirmedAt).toEqual(expect.any(String));

    const read = await call(administrator, 'GET', url);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.json()).toEqual(confirmed.json());
    expectProblem(
      await call(administrator, 'POST', confirmationOf(company), { detailsVersion: 2 }),
      409,
      'rules/notice-details-changed',
    );

    // The company's stream, written by its administrator for it; the administrator's own token
    // still reaches no details of their own.
    const events = await fx.store.readStream(`contact-${company}`);
    expect(events.map((event) => event.type)).toEqual([
      'NoticeDetailsChanged',
      'NoticeDetailsConfirmed',
    ]);
    for (const event of events) {
      expect(event.metadata.actor).toMatchObject({ kind: 'employee', client: 'e_boks' });
    }
    expect(JSON.stringify(events)).not.toMatch(/firma\.dk|87654321/);
    expectProblem(await call(administrator, 'GET', '/v1/me/notice-details'), 403, 'forbidden');
  });

  it('an administrator of an authority sets and reads its details', async () => {
    const set = await call(agencyAdministrator, 'PUT', urlOf(agency), {
      phone: null,
      email: 'postkasse@skat.dk',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ detailsVersion: 1, channels: ['email'] });
    const read = await call(agencyAdministrator, 'GET', urlOf(agency));
    expect(read.json()).toEqual(set.json());
    // Administering the authority gives nothing on a company's mailbox.
    await expectRefusedAsNowhere(agencyAdministrator, company);
  });

  it.each([
    ['an employee with read', employee('2')],
    ['an employee with write', employee('3')],
    ['an employee without a right', employee('9')],
    ['an employee of another organisation', outsider],
  ])('refuses %s as a mailbox that does not exist, writing nothing', async (_who, person) => {
    await expectRefusedAsNowhere(person, company);
    await expectRefusedAsNowhere(person, agency);
  });

  it('refuses citizens: another’s mailbox, their own and a company’s', async () => {
    // Bo holds full access to Anna's mailbox and Carl read: neither sets her details.
    await expectRefusedAsNowhere(bo, annasMailbox);
    await expectRefusedAsNowhere(carl, annasMailbox);
    // Anna's own mailbox is served at /v1/me only.
    await expectRefusedAsNowhere(anna, annasMailbox);
    await expectRefusedAsNowhere(anna, company);
    await expectRefusedAsNowhere(anna, agency);
    // Not even the company's administrator reaches a citizen's details this way.
    await expectRefusedAsNowhere(administrator, annasMailbox);
  });

  it('refuses bad input as the /v1/me routes do, writing nothing', async () => {
    const before = await written();
    const url = urlOf(company);
    for (const [method, path, body, status] of [
      ['PUT', url, { phone: '4512345678', email: null }, 400],
      ['PUT', url, { phone: null, email: 'a@b.dk\r\nBcc: c@d.dk' }, 400],
      ['PUT', url, { phone: null, email: null, mailboxId: annasMailbox }, 400],
      ['PUT', url, { phone: null, email: null, pad: 'x'.repeat(10_000) }, 413],
      ['POST', confirmationOf(company), { detailsVersion: 0 }, 400],
      ['PUT', urlOf('cvr:1234'), { phone: null, email: null }, 400],
      ['GET', urlOf('company:12345678'), undefined, 400],
      ['GET', urlOf('authority:sk%00at'), undefined, 400],
    ] as Array<[Method, string, object | undefined, number]>) {
      const answer = await call(administrator, method, path, body);
      expectProblem(answer, status);
    }
    expect(await written()).toEqual(before);
  });

  it('shows the routes in the OpenAPI document with the /v1/me bodies and a 404', async () => {
    const document = (await fx.app.inject({ url: '/docs/json' })).json();
    const path = '/v1/mailboxes/{mailboxId}/notice-details';
    const own = document.paths['/v1/me/notice-details'];
    const theirs = document.paths[path];
    expect(Object.keys(theirs).sort()).toEqual(['get', 'put']);
    expect(theirs.put.requestBody).toEqual(own.put.requestBody);
    expect(theirs.get.parameters).toContainEqual(
      expect.objectContaining({ in: 'path', name: 'mailboxId', required: true }),
    );
    const confirm = document.paths[`${path}/confirmation`].post;
    expect(confirm.requestBody).toEqual(
      document.paths['/v1/me/notice-details/confirmation'].post.requestBody,
    );
    for (const operation of [theirs.get, theirs.put, confirm]) {
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '404', '413']),
      );
    }
  });

  it('refuses without a user token', async () => {
    const before = await written();
    const headers = await fx.headers(administrator);
    for (const [method, url, body] of everyRoute(company)) {
      const answer = await fx.app.inject({
        method,
        url,
        headers: { 'x-client-token': headers['x-client-token']! },
        ...(body === undefined ? {} : { payload: body }),
      });
      expectProblem(answer, 401, 'unauthorized');
    }
    expect(await written()).toEqual(before);
  });
});
