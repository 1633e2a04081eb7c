import { createTokenVerifier, type Principal } from '@digital-post/auth';
import { createHttpApp, createLogger } from '@digital-post/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '@digital-post/gateway';
import {
  anna,
  annasMailbox,
  bo,
  expectProblem,
  openGatewayFixture,
  refusedCredentials,
  registeredClients,
  USER_AUDIENCE,
  type GatewayFixture,
  portTransports,
} from '../testing/index.ts';

describe.each(portTransports)('over %s ports', (ports) => {
  let fx: GatewayFixture;

  beforeAll(async () => {
    fx = await openGatewayFixture({ ports });
  });
  afterAll(() => fx.close());

  const url = '/v1/me/notice-details';
  const confirmation = `${url}/confirmation`;
  const clerk: Principal = { kind: 'employee', cvr: '12345678', rid: '7' };
  type Method = 'GET' | 'PUT' | 'POST';

  const call = async (
    method: Method,
    path: string,
    body?: unknown,
    person: Principal = anna,
    headers: Record<string, string> = {},
  ) =>
    fx.app.inject({
      method,
      url: path,
      headers: { ...(await fx.headers(person)), ...headers },
      ...(body === undefined ? {} : { payload: body as string }),
    });

  /** Events and stored details: what a refused request must leave as it was. */
  const written = async () => ({
    events: await fx.eventCount(),
    rows: Number(
      (
        await fx.db.query<{ n: unknown }>('select count(*) as n from notification.notice_details')
      )[0]!.n,
    ),
  });

  describe('the signed-in user’s own details for notices', () => {
    it('registers, reads, confirms and changes them', async () => {
      expectProblem(await call('GET', url), 404, 'not-found');

      const changed = await call('PUT', url, { phone: '+4512345678', email: 'anna@example.dk' });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers['cache-control']).toBe('no-store');
      expect(changed.json()).toMatchObject({
        detailsVersion: 1,
        phone: '+4512345678',
        email: 'anna@example.dk',
        channels: ['sms', 'email'],
        confirmedAt: null,
      });
      const read = await call('GET', url);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(changed.json());

      const confirmed = await call('POST', confirmation, { detailsVersion: 1 });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().confirmedAt).toEqual(expect.any(String));

      const again = await call('PUT', url, { phone: null, email: 'anna@example.dk' });
      expect(again.json()).toMatchObject({
        detailsVersion: 2,
        channels: ['email'],
        confirmedAt: null,
      });

      const before = await written();
      expectProblem(
        await call('POST', confirmation, { detailsVersion: 1 }),
        409,
        'rules/notice-details-changed',
      );
      expect(await written()).toEqual(before);
      expect((await call('POST', confirmation, { detailsVersion: 2 })).statusCode).toBe(200);

      const events = await fx.store.readStream(`contact-${annasMailbox}`);
      expect(events.map((e) => e.type)).toEqual([
        'NoticeDetailsChanged',
        'NoticeDetailsConfirmed',
        'NoticeDetailsChanged',
        'NoticeDetailsConfirmed',
      ]);
      for (const event of events) {
        expect(event.metadata.actor).toEqual({
          kind: 'citizen',
          id: annasMailbox,
          client: 'e_boks',
        });
      }
    });

    it('refuses to confirm when nothing is registered, writing nothing', async () => {
      const carl: Principal = { kind: 'citizen', cpr: '0303703456' };
      const before = await written();
      expectProblem(
        await call('POST', confirmation, { detailsVersion: 1 }, carl),
        409,
        'rules/no-notice-details',
      );
      expect(await written()).toEqual(before);
    });

    it('takes the mailbox from the user token only: nobody reaches another’s details', async () => {
      await call('PUT', url, { phone: '+4511111111', email: null });
      const annas = (await call('GET', url)).json();

      // Bo has none of his own, whatever he names.
      for (const path of [url, `${url}?mailboxId=${annasMailbox}`, `${url}?cpr=0101901234`]) {
        expectProblem(await call('GET', path, undefined, bo), 404);
      }
      expectProblem(await call('GET', `${url}/${annasMailbox}`, undefined, bo), 404);
      const smuggled = await written();
      expectProblem(
        await call('PUT', url, { phone: '+4599999999', email: null, mailboxId: annasMailbox }, bo),
        400,
        'validation',
      );
      expect(await written()).toEqual(smuggled);

      // What Bo changes and confirms is his own.
      const his = await call(
        'PUT',
        `${url}?mailboxId=${annasMailbox}`,
        { phone: '+4599999999', email: null },
        bo,
      );
      expect(his.json()).toMatchObject({ detailsVersion: 1, phone: '+4599999999' });
      expect((await call('POST', confirmation, { detailsVersion: 1 }, bo)).statusCode).toBe(200);
      expect((await call('GET', url)).json()).toEqual(annas);
      expect((await fx.store.readStream('contact-cpr:0202802345')).length).toBe(2);
      const annasActors = (await fx.store.readStream(`contact-${annasMailbox}`)).map(
        (e) => e.metadata.actor?.id,
      );
      expect(new Set(annasActors)).toEqual(new Set([annasMailbox]));
    });

    it('refuses an employee, who acts for a company but is not its owner', async () => {
      const before = await written();
      for (const [method, path, body] of [
        ['GET', url, undefined],
        ['PUT', url, { phone: '+4512345678', email: null }],
        ['POST', confirmation, { detailsVersion: 1 }],
      ] as const) {
        expectProblem(await call(method, path, body, clerk), 403, 'forbidden');
      }
      expect(await written()).toEqual(before);
    });
  });

  describe('who may use the details routes', () => {
    const requests: Array<[Method, string, unknown]> = [
      ['GET', url, undefined],
      ['PUT', url, { phone: '+4512345678', email: null }],
      ['POST', confirmation, { detailsVersion: 1 }],
    ];

    it('refuses without a user, without a client, and with bad or foreign tokens', async () => {
      const headerSets = await refusedCredentials(fx, anna);
      const before = await written();
      for (const [method, path, body] of requests) {
        for (const headers of headerSets) {
          const response = await fx.app.inject({
            method,
            url: path,
            headers,
            ...(body === undefined ? {} : { payload: body as string }),
          });
          expectProblem(response, 401, 'unauthorized');
        }
      }
      expect(await written()).toEqual(before);
    });

    it('serves none of them when the gateway has no details service', async () => {
      const bare = await openGatewayFixture({ ports, noticeDetails: false });
      try {
        for (const [method, path, body] of requests) {
          const response = await bare.app.inject({
            method,
            url: path,
            headers: await bare.headers(anna),
            ...(body === undefined ? {} : { payload: body as string }),
          });
          expectProblem(response, 404);
        }
      } finally {
        await bare.close();
      }
    });
  });

  describe('bad input to the details routes', () => {
    const json = { 'content-type': 'application/json' };
    const cases: Array<[string, Method, string, unknown, Record<string, string>?]> = [
      ['no body', 'PUT', url, undefined],
      ['an empty object', 'PUT', url, {}],
      ['a missing e-mail field', 'PUT', url, { phone: '+4512345678' }],
      ['a phone without +', 'PUT', url, { phone: '4512345678', email: null }],
      ['a short Danish number', 'PUT', url, { phone: '+451234567', email: null }],
      ['a phone with spaces', 'PUT', url, { phone: '+45 12 34 56 78', email: null }],
      ['a phone as a number', 'PUT', url, { phone: 4512345678, email: null }],
      ['a phone as a list', 'PUT', url, { phone: ['+4512345678'], email: null }],
      ['an e-mail that is none', 'PUT', url, { phone: null, email: 'anna' }],
      ['a header injection', 'PUT', url, { phone: null, email: 'a@b.dk\r\nBcc: c@d.dk' }],
      ['an e-mail too long', 'PUT', url, { phone: null, email: `${'a'.repeat(250)}@b.dk` }],
      ['an extra field', 'PUT', url, { phone: null, email: null, enrolled: false }],
      [
        'a prototype pollution',
        'PUT',
        url,
        '{"phone":null,"email":null,"__proto__":{"x":1}}',
        json,
      ],
      ['a list for a body', 'PUT', url, '[]', json],
      ['null for a body', 'PUT', url, 'null', json],
      ['a body that is not JSON', 'PUT', url, '{"phone":', json],
      [
        'a form body',
        'PUT',
        url,
        'phone=1',
        { 'content-type': 'application/x-www-form-urlencoded' },
      ],
      ['a text body', 'PUT', url, '+4512345678', { 'content-type': 'text/plain' }],
      ['an oversized body', 'PUT', url, { phone: null, email: null, pad: 'x'.repeat(10_000) }],
      ['a confirmation without a version', 'POST', confirmation, {}],
      ['a version as text', 'POST', confirmation, { detailsVersion: '1' }],
      ['version zero', 'POST', confirmation, { detailsVersion: 0 }],
      ['a negative version', 'POST', confirmation, { detailsVersion: -1 }],
      ['a fractional version', 'POST', confirmation, { detailsVersion: 1.5 }],
      ['a huge version', 'POST', confirmation, { detailsVersion: 1e12 }],
      ['a confirmation with extra fields', 'POST', confirmation, { detailsVersion: 1, at: 'x' }],
    ];

    it.each(cases)(
      'refuses %s with a problem and writes nothing',
      async (_, method, path, body, headers) => {
        const before = await written();
        const response = await call(method, path, body, anna, headers);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(await written()).toEqual(before);
      },
    );
  });

  describe('the OpenAPI document', () => {
    it('shows the details routes with their bodies and answers', async () => {
      const logger = createLogger({ serviceName: 'gateway-test', level: 'silent' });
      const app = await createHttpApp({ serviceName: 'gateway', logger });
      const verifier = createTokenVerifier({
        issuer: fx.idp.issuer,
        audience: USER_AUDIENCE,
        keys: fx.idp.publicKeys,
      });
      const gateway = createGateway({
        mailbox: fx.mailbox.port,
        noticeDetails: fx.noticeDetails!,
        userVerifier: verifier,
        clientVerifier: verifier,
        registeredClients,
      });
      await app.register(gateway.routes);
      await app.ready();
      try {
        const response = await app.inject({ url: '/docs/json' });
        expect(response.statusCode).toBe(200);
        const document = response.json();
        // Bodies and answers are components, named by `$ref`.
        const schemaOf = (content: { 'application/json': { schema: { $ref: string } } }) =>
          document.components.schemas[content['application/json'].schema.$ref.split('/').pop()!];
        const item = document.paths['/v1/me/notice-details'];
        expect(Object.keys(item).sort()).toEqual(['get', 'put']);
        expect(schemaOf(item.put.requestBody.content)).toMatchObject({
          required: ['phone', 'email'],
          additionalProperties: false,
        });
        expect(Object.keys(schemaOf(item.get.responses['200'].content).properties)).toEqual(
          expect.arrayContaining(['detailsVersion', 'phone', 'email', 'channels', 'confirmedAt']),
        );
        const confirm = document.paths['/v1/me/notice-details/confirmation'].post;
        expect(schemaOf(confirm.requestBody.content).required).toEqual(['detailsVersion']);
        expect(Object.keys(confirm.responses)).toEqual(
          expect.arrayContaining(['200', '401', '409']),
        );
      } finally {
        await app.close();
      }
    });
  });
});
