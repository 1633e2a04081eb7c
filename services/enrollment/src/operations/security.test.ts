import { createDevIssuer, type Principal } from '@digital-post/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, openOperatorHarness, type OperatorHarness } from '../testing/operatorHarness.ts';

/** Every route of the operator API, each with a body it would accept from an operator. */
const subject = { kind: 'cpr', id: '0101901234' };
const endpoints: Array<{ method: 'GET' | 'POST'; url: string; payload?: object }> = [
  {
    method: 'POST',
    url: '/admin/enrollment/exemptions',
    payload: { subject, grantedBy: 'kk', caseReference: 'J-1' },
  },
  {
    method: 'POST',
    url: '/admin/enrollment/exemptions/end',
    payload: { subject, reason: 'expired', caseReference: 'J-1' },
  },
  { method: 'GET', url: '/admin/enrollment/held-changes' },
  {
    method: 'POST',
    url: '/admin/enrollment/held-changes/decision',
    payload: { decision: 'approve', breakerKey: 'rule:x:enroll', caseReference: 'J-1' },
  },
  { method: 'GET', url: '/admin/enrollment/audit' },
  {
    method: 'POST',
    url: '/admin/enrollment/remediations/reenroll',
    payload: { subjects: [subject], caseReference: 'J-1' },
  },
  {
    method: 'POST',
    url: '/admin/enrollment/remediations/apply-rules',
    payload: { subjects: [subject], caseReference: 'J-1' },
  },
  {
    method: 'GET',
    url: '/admin/enrollment/changes?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z',
  },
  { method: 'GET', url: '/admin/enrollment/register-rejections' },
  { method: 'POST', url: '/admin/enrollment/day-change', payload: { runDate: '2026-03-01' } },
];

const operator: Principal = { kind: 'operator', operatorId: 'operator-7' };

describe('who may use the operator API', () => {
  let h: OperatorHarness;
  beforeAll(async () => {
    h = await openOperatorHarness('PGlite');
  });
  afterAll(() => h?.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const unauthenticated: Array<[string, () => Promise<Record<string, string>>]> = [
    ['no token', async () => ({})],
    ['a Basic credential', async () => ({ authorization: 'Basic b3BlcmF0b3I6c2VjcmV0' })],
    ['garbage', async () => bearer('not.a.token')],
    ['an expired operator token', async () => bearer(await h.tokenFor(operator, -300))],
    [
      'an operator token for another audience',
      async () => bearer(await h.issuer.issue(operator, { audience: 'https://gateway' })),
    ],
    [
      'a forged operator token (the same issuer name, another key)',
      async () => {
        const forger = await createDevIssuer({ issuer: h.issuer.issuer });
        return bearer(await forger.issue(operator, { audience: AUDIENCE }));
      },
    ],
    [
      'a token with a subject of no known shape',
      async () => {
        const now = Math.floor(Date.now() / 1000);
        const claims = { iss: h.issuer.issuer, aud: AUDIENCE, sub: 'root', jti: 'j-1' };
        return bearer(await h.issuer.issueWith({ ...claims, iat: now, exp: now + 60 }));
      },
    ],
  ];

  it.each(unauthenticated)(
    '%s: 401 with a Bearer challenge, nothing written',
    async (_, headersOf) => {
      const before = await h.writes();
      const headers = await headersOf();
      for (const endpoint of endpoints) {
        const response = await h.app.inject({ ...endpoint, headers });
        expect(response.statusCode, `${endpoint.method} ${endpoint.url}`).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({
          type: 'https://digitalpost.dk/problems/unauthorized',
        });
      }
      expect(await h.writes()).toBe(before);
    },
  );

  const others: Array<[string, Principal]> = [
    ["a citizen's token", { kind: 'citizen', cpr: '0101901234' }],
    [
      "an authority system's token",
      { kind: 'authority-system', authorityId: 'skat', systemId: 's1' },
    ],
    ["an employee's token", { kind: 'employee', cvr: '12345678', rid: '42' }],
    ["a viewing client's token", { kind: 'viewing-client', clientId: 'mit-dk' }],
  ];

  it.each(others)('%s: 403, nothing written', async (_, principal) => {
    const before = await h.writes();
    const headers = bearer(await h.tokenFor(principal));
    for (const endpoint of endpoints) {
      const response = await h.app.inject({ ...endpoint, headers });
      expect(response.statusCode, `${endpoint.method} ${endpoint.url}`).toBe(403);
      expect(response.json()).toMatchObject({ type: 'https://digitalpost.dk/problems/forbidden' });
    }
    expect(await h.writes()).toBe(before);
  });

  it('refuses before reading the body: a bad body from a stranger is still 401', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/admin/enrollment/remediations/reenroll',
      headers: { 'content-type': 'application/json' },
      payload: '{"subjects":',
    });
    expect(response.statusCode).toBe(401);
  });

  it('lets an operator through, and records the operator from the token, not from a header', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/admin/enrollment/exemptions',
      headers: { ...bearer(await h.tokenFor(operator)), 'x-operator': 'someone-else' },
      payload: { subject, grantedBy: 'kk', caseReference: 'J-1' },
    });
    expect(response.statusCode).toBe(201);
    const [event] = await h.stream(subject.id);
    expect(event!.metadata.actor).toEqual({ kind: 'operator', id: 'operator-7' });
  });

  it('documents every route in the OpenAPI document', async () => {
    const document = (await h.app.inject('/docs/json')).json();
    const paths = Object.keys(document.paths);
    for (const { url } of endpoints) expect(paths).toContain(url.split('?')[0]);
  });
});
