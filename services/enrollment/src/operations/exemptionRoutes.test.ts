import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { born, newCpr, newCvr, registered } from '../testing/registerEvents.ts';
import {
  expectRefused,
  openOperatorHarness,
  type OperatorHarness,
} from '../testing/operatorHarness.ts';

const URL = '/admin/enrollment/exemptions';
const cpr = (id: string) => ({ kind: 'cpr', id });

describe('exemptions (fritagelse) through the operator API', () => {
  let h: OperatorHarness;
  beforeAll(async () => {
    h = await openOperatorHarness('PGlite');
  });
  afterAll(() => h?.close());

  const person = async (birthDate = '1980-01-01', country?: string) => {
    const id = newCpr();
    await h.register(born(id, birthDate, country));
    return id;
  };
  const personRow = async (id: string) =>
    (
      await h.db.query<{ enrolled: boolean; exemption_id: string | null }>(
        `select enrolled, exemption_id from enrollment.people where subject_id = $1`,
        [id],
      )
    )[0];

  it('exempts an enrolled citizen: unenrolled, with the case, the command and the operator', async () => {
    const id = await person();
    const response = await h.call('POST', URL, {
      subject: cpr(id),
      exemptionId: 'kk-2026-17',
      grantedBy: 'koebenhavns-kommune',
      validUntil: '2027-03-01T00:00:00+01:00',
      caseReference: 'KK/2026/17',
    });
    expect(response.statusCode).toBe(201);
    const answer = response.json();
    expect(answer).toEqual({
      commandId: expect.any(String),
      subject: cpr(id),
      exemptionId: 'kk-2026-17',
      enrolled: false,
      exempt: true,
    });
    const [, granted, unenrolled] = await h.stream(id);
    const basis = {
      caseReference: 'KK/2026/17',
      trigger: 'operator_command',
      triggerId: answer.commandId,
    };
    expect(granted).toMatchObject({
      type: 'ExemptionGranted',
      data: {
        exemptionId: 'kk-2026-17',
        grantedBy: 'koebenhavns-kommune',
        validUntil: '2027-02-28T23:00:00.000Z',
        ...basis,
      },
      metadata: { actor: { kind: 'operator', id: 'operator-7' } },
    });
    expect(unenrolled).toMatchObject({ type: 'CitizenUnenrolled', data: { reason: 'exempted' } });
    expect(await personRow(id)).toEqual({ enrolled: false, exemption_id: 'kk-2026-17' });
  });

  it('exempts a company, and a citizen the registers never reported', async () => {
    const cvr = newCvr();
    await h.register(registered(cvr, '2001-01-01'));
    const company = await h.call('POST', URL, {
      subject: { kind: 'cvr', id: cvr },
      grantedBy: 'erst',
      caseReference: 'ERST-1',
    });
    expect(company.json()).toMatchObject({ enrolled: false, exempt: true });
    const [, granted] = await h.stream(cvr);
    expect(granted!.type).toBe('CompanyExemptionGranted');
    const unknown = newCpr();
    const response = await h.call('POST', URL, {
      subject: cpr(unknown),
      grantedBy: 'kk',
      validUntil: null,
      caseReference: 'KK-2',
    });
    expect(response.statusCode).toBe(201);
    expect((await h.stream(unknown)).map((event) => event.type)).toEqual(['ExemptionGranted']);
  });

  it('refuses a second exemption as a broken rule, writing nothing', async () => {
    const id = await person();
    const body = { subject: cpr(id), grantedBy: 'kk', caseReference: 'KK-3' };
    expect((await h.call('POST', URL, body)).statusCode).toBe(201);
    const problem = await expectRefused(h, { method: 'POST', url: URL, body }, 409);
    expect(problem.type).toBe('https://digitalpost.dk/problems/rules/already-exempt');
  });

  it('ends an exemption the citizen withdraws: their own request, enrolled again, no letter', async () => {
    const id = await person();
    await h.call('POST', URL, { subject: cpr(id), grantedBy: 'kk', caseReference: 'KK-4' });
    const response = await h.call('POST', `${URL}/end`, {
      subject: cpr(id),
      reason: 'withdrawn_by_citizen',
      caseReference: 'KK-5',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ enrolled: true, exempt: false, exemptionId: null });
    const [ended, enrolled] = (await h.stream(id)).slice(-2);
    expect(ended).toMatchObject({
      type: 'ExemptionEnded',
      data: { reason: 'withdrawn_by_citizen', trigger: 'own_request', caseReference: 'KK-5' },
    });
    expect(enrolled).toMatchObject({
      type: 'CitizenEnrolled',
      data: { cause: 'exemption_ended', firstEnrollment: false, trigger: 'own_request' },
    });
  });

  it('ends the exemption of a Greenland resident without enrolling them', async () => {
    const id = await person('1980-01-01', 'GL');
    await h.call('POST', URL, { subject: cpr(id), grantedBy: 'kk', caseReference: 'KK-6' });
    const response = await h.call('POST', `${URL}/end`, {
      subject: cpr(id),
      reason: 'revoked_by_authority',
      caseReference: 'KK-7',
    });
    expect(response.json()).toMatchObject({ enrolled: false, exempt: false });
    expect((await h.stream(id)).at(-1)).toMatchObject({
      type: 'ExemptionEnded',
      data: { trigger: 'operator_command' },
    });
  });

  it('refuses to end an exemption that is not there', async () => {
    const id = await person();
    const body = { subject: cpr(id), reason: 'expired', caseReference: 'KK-8' };
    const problem = await expectRefused(h, { method: 'POST', url: `${URL}/end`, body }, 409);
    expect(problem.type).toMatch(/rules\/not-exempt$/);
  });

  const grant = (overrides: Record<string, unknown>) => ({
    subject: cpr('0101901234'),
    grantedBy: 'kk',
    caseReference: 'KK-9',
    ...overrides,
  });

  it.each([
    ['a CPR of nine digits', grant({ subject: cpr('010190123') })],
    ['a CPR with letters', grant({ subject: cpr('01019012AB') })],
    ['a CVR of seven digits', grant({ subject: { kind: 'cvr', id: '1234567' } })],
    ['an authority as subject', grant({ subject: { kind: 'authority', id: 'skat' } })],
    ['a subject with a name', grant({ subject: { ...cpr('0101901234'), name: 'Jens' } })],
    ['an unknown field', grant({ ground: 'health' })],
    ['no case reference', { subject: cpr('0101901234'), grantedBy: 'kk' }],
    ['free text as case reference', grant({ caseReference: 'see note: Jens, 2 kids' })],
    ['a case reference starting with a dash', grant({ caseReference: '-rf' })],
    ['a case reference of 65 characters', grant({ caseReference: 'J'.repeat(65) })],
    ['a huge case reference', grant({ caseReference: 'J'.repeat(100_000) })],
    ['a deciding authority with spaces', grant({ grantedBy: 'Jens Hansen' })],
    ['an end that is no date', grant({ validUntil: 'soon' })],
    ['an end without a time zone', grant({ validUntil: '2027-01-01T00:00:00' })],
    ['an end in the past', grant({ validUntil: '2026-03-01T00:00:00Z' })],
    ['an array', [grant({})]],
  ])('refuses %s with 400 and writes nothing', async (_, body) => {
    const problem = await expectRefused(h, { method: 'POST', url: URL, body });
    expect(problem.type).toMatch(/\/(validation|payload-too-large)$/);
  });

  it.each([
    ['an unknown reason', { subject: cpr('0101901234'), reason: 'bored', caseReference: 'K' }],
    ['no reason', { subject: cpr('0101901234'), caseReference: 'K' }],
  ])('refuses to end an exemption for %s with 400', async (_, body) => {
    await expectRefused(h, { method: 'POST', url: `${URL}/end`, body });
  });

  it('refuses a body that is not JSON', async () => {
    await expectRefused(h, { method: 'POST', url: URL, rawBody: '{"subject":' });
  });
});
