import { randomUUID } from 'node:crypto';
import type { Principal } from '@digital-post/auth';
import { CURRENT_RULES_VERSION } from '@digital-post/enrollment';
// The enrollment service's own builders of register events, as its tests write them.
import { born, registered } from '@digital-post/enrollment/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  bo,
  expectProblem,
  openGatewayFixture,
  refusedCredentials,
  type EnrollmentFixture,
  type GatewayFixture,
  portTransports,
} from '../testing/index.ts';

describe.each(portTransports)('over %s ports', (ports) => {
  let fx: GatewayFixture;
  let enrollment: EnrollmentFixture;

  beforeAll(async () => {
    fx = await openGatewayFixture({ ports, enrollment: true, openApi: true });
    enrollment = fx.enrollment!;
  });
  afterAll(() => fx.close());

  const url = '/v1/me/enrollment';
  const annasCpr = '0101901234';
  const bosCpr = '0202802345';
  const clerk = { kind: 'employee', cvr: '12345678', rid: '7' } as const;
  const thirtyYearsAgo = `${new Date().getUTCFullYear() - 30}-01-01`;

  const get = async (person: Principal = anna, path = url) =>
    fx.app.inject({ method: 'GET', url: path, headers: await fx.headers(person) });

  /** What the registers report, applied by the enrollment service; it must take all of it. */
  const report = async (...events: Parameters<EnrollmentFixture['report']>[0]) => {
    const outcome = await enrollment.report(events);
    expect(outcome).toMatchObject({ read: events.length, rejected: 0, held: 0 });
    expect(enrollment.errors).toEqual([]);
  };

  /** An operator's exemption (fritagelse) as the enrollment service records it. */
  const exempt = (cpr: string, caseReference: string) =>
    fx.db.transaction((tx) =>
      enrollment.service.writer.grantExemption(
        tx,
        { kind: 'cpr', id: cpr },
        { exemptionId: randomUUID(), grantedBy: 'kommune-101', validUntil: null },
        { trigger: 'operator_command', triggerId: 'cmd-1', caseReference, group: 'operator:cmd-1' },
      ),
    );

  const enrolledFromRegister = {
    at: expect.any(String),
    change: 'enrolled',
    cause: 'reached_age_15',
    firstEnrollment: true,
    trigger: 'register_event',
    ruleVersion: CURRENT_RULES_VERSION,
    caseReference: null,
  };

  describe('the signed-in user’s own enrollment', () => {
    it('shows the status and the history after enrollment from the register, then an exemption', async () => {
      await report(born(annasCpr, thirtyYearsAgo, 'DK'));
      const enrolled = await get();
      expect(enrolled.statusCode).toBe(200);
      expect(enrolled.headers['cache-control']).toBe('no-store');
      expect(enrolled.json()).toEqual({
        mailboxId: annasMailbox,
        channel: 'digital',
        reason: 'enrolled',
        enrolled: true,
        exempt: false,
        history: [enrolledFromRegister],
      });

      await exempt(annasCpr, 'SAG-2026-17');
      const before = await fx.eventCount();
      const exempted = (await get()).json();
      expect(exempted).toMatchObject({ channel: 'paper', reason: 'exempt', exempt: true });
      // Exempted, and so no longer enrolled: both by the operator's command, under its case.
      const byOperator = {
        at: expect.any(String),
        trigger: 'operator_command',
        caseReference: 'SAG-2026-17',
        ruleVersion: CURRENT_RULES_VERSION,
        firstEnrollment: null,
      };
      expect(exempted.history).toEqual([
        enrolledFromRegister,
        { ...byOperator, change: 'exempted', cause: null },
        { ...byOperator, change: 'unenrolled', cause: 'exempted' },
      ]);
      const times = exempted.history.map((entry: { at: string }) => Date.parse(entry.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(await fx.eventCount()).toBe(before);
    });

    it('shows a Greenland resident, and anyone the registers never reported, as not enrolled', async () => {
      const greenlander: Principal = { kind: 'citizen', cpr: '0909909012' };
      await report(born(greenlander.cpr, thirtyYearsAgo, 'GL'));
      for (const person of [greenlander, { kind: 'citizen', cpr: '0505505678' } as const]) {
        const answer = await get(person);
        expect(answer.statusCode).toBe(200);
        expect(answer.json()).toEqual({
          mailboxId: `cpr:${person.cpr}`,
          channel: 'paper',
          reason: 'not_enrolled',
          enrolled: false,
          exempt: false,
          history: [],
        });
      }
    });

    it('takes the subject from the user token only: a citizen sees their own and nobody else’s', async () => {
      await report(born(bosCpr, thirtyYearsAgo, 'DK'));
      const annas = (await get()).json();
      const bos = await get(bo);
      expect(bos.json()).toMatchObject({ mailboxId: `cpr:${bosCpr}`, reason: 'enrolled' });
      expect(bos.json().history).toEqual([enrolledFromRegister]);
      expect((await get()).json()).toEqual(annas);

      for (const query of [`mailboxId=${annasMailbox}`, `cpr=${annasCpr}`, 'subject=cpr']) {
        expectProblem(await get(bo, `${url}?${query}`), 400, 'validation');
      }
      for (const path of [
        `${url}/${annasMailbox}`,
        `${url}/history`,
        `/v1/mailboxes/${annasMailbox}/enrollment`,
      ]) {
        expectProblem(await get(bo, path), 404);
      }
    });

    it('shows a company’s employee the enrollment of the company they act for', async () => {
      await report(registered(clerk.cvr, '2020-01-01'));
      const answer = await get(clerk);
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({
        mailboxId: 'cvr:12345678',
        channel: 'digital',
        reason: 'enrolled',
        enrolled: true,
        exempt: false,
        history: [{ ...enrolledFromRegister, cause: 'registered' }],
      });
    });
  });

  describe('who may see an enrollment', () => {
    it('refuses without a user, without a client, and with bad or foreign tokens', async () => {
      for (const headers of await refusedCredentials(fx, anna)) {
        const response = await fx.app.inject({ method: 'GET', url, headers });
        expectProblem(response, 401, 'unauthorized');
        expect(response.body).not.toContain(annasCpr);
      }
    });

    it('is not served when the gateway has no enrollment service', async () => {
      const bare = await openGatewayFixture({ ports });
      try {
        expectProblem(
          await bare.app.inject({ method: 'GET', url, headers: await bare.headers(anna) }),
          404,
        );
      } finally {
        await bare.close();
      }
    });
  });

  describe('the OpenAPI document', () => {
    it('shows the enrollment route with its answer', async () => {
      const response = await fx.app.inject({ url: '/docs/json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      const operation = document.paths[url].get;
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401']),
      );
      const ref: string = operation.responses['200'].content['application/json'].schema.$ref;
      const answer = document.components.schemas[ref.split('/').pop()!];
      expect(answer.required).toEqual(
        expect.arrayContaining(['mailboxId', 'channel', 'reason', 'enrolled', 'exempt', 'history']),
      );
      expect(answer.properties.channel.enum).toEqual(['digital', 'paper']);
    });
  });
});
